// The App entity of /api/v1/ai/apps (and its admin view), its Tool, and a tool call's result.
import type { AppDefinition } from "../../../ai/apps/definition.ts";
import type { AppTool, AppToolResult } from "../../../ai/apps/tools.ts";

/** What anyone may see of an app: never its URL, command, headers or environment. */
function publicFields(app: AppDefinition) {
  return {
    id: app.name,
    name: app.name,
    title: app.title,
    description: app.description,
    transport: app.transport.kind,
  };
}

export function serializeApp(app: AppDefinition, enabled: boolean) {
  return { ...publicFields(app), enabled };
}

/** The admin view adds where the app runs; header and variable values stay hidden (they hold secrets). */
export function serializeAdminApp(app: AppDefinition) {
  const { transport } = app;
  return {
    ...publicFields(app),
    source: app.source,
    url: transport.kind === "http" ? transport.url : null,
    header_names: transport.kind === "http" ? Object.keys(transport.headers) : [],
    command: transport.kind === "stdio" ? transport.command : null,
    args: transport.kind === "stdio" ? transport.args : [],
    env_names: transport.kind === "stdio" ? Object.keys(transport.env) : [],
  };
}

export function serializeAppTool(tool: AppTool) {
  return {
    name: tool.name,
    tool: tool.toolName,
    app: { id: tool.app.name, title: tool.app.title },
    title: tool.title,
    description: tool.description,
    input_schema: tool.inputSchema,
    writes: tool.writes,
    destructive: tool.destructive,
  };
}

export function serializeAppToolResult(result: AppToolResult) {
  return {
    tool: result.tool,
    is_error: result.isError,
    text: result.text,
    content: result.content,
    ...(result.structuredContent ? { structured_content: result.structuredContent } : {}),
  };
}
