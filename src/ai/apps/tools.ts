// An app's tools as the assistant sees them: named `app__tool` (a name every model API accepts),
// marked whether they write, and their results flattened to text a model can read.
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { AppDefinition } from "./definition.ts";

/** Model APIs accept tool names of letters, digits, `_` and `-`, up to 64 characters. */
const MAX_TOOL_NAME = 64;
const SEPARATOR = "__";
/** Tool results a model reads are cut here; the full result stays in `content`. */
const MAX_RESULT_TEXT = 20_000;

export interface AppTool {
  /** `app__tool`, what the assistant's model calls it. */
  name: string;
  app: { name: string; title: string };
  /** The tool's own name on its server. */
  toolName: string;
  title: string;
  description: string;
  /** JSON Schema of the arguments (an object schema). */
  inputSchema: Tool["inputSchema"];
  /**
   * Whether it may change something. Only tools that declare readOnlyHint are trusted not to; any
   * other needs the person's confirmation before it runs.
   */
  writes: boolean;
  /** Whether a write may destroy or overwrite data (MCP's destructiveHint, true unless declared false). */
  destructive: boolean;
}

export interface AppToolResult {
  tool: string;
  isError: boolean;
  /** The result as text for a model (text parts, then placeholders for images and resources). */
  text: string;
  /** MCP content parts as the app returned them. */
  content: CallToolResult["content"];
  structuredContent?: Record<string, unknown>;
}

export function namespacedToolName(appName: string, toolName: string): string {
  return `${appName}${SEPARATOR}${toolName.replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, MAX_TOOL_NAME);
}

/** `app__tool` → its parts; app names never contain `_`, so the first `__` splits them. */
export function parseToolName(name: string): { app: string; tool: string } | null {
  const at = name.indexOf(SEPARATOR);
  if (at <= 0 || at + SEPARATOR.length >= name.length) return null;
  return { app: name.slice(0, at), tool: name.slice(at + SEPARATOR.length) };
}

export function appTool(app: AppDefinition, tool: Tool): AppTool {
  const writes = tool.annotations?.readOnlyHint !== true;
  return {
    name: namespacedToolName(app.name, tool.name),
    app: { name: app.name, title: app.title },
    toolName: tool.name,
    title: tool.title ?? tool.annotations?.title ?? tool.name,
    description: tool.description ?? "",
    inputSchema: tool.inputSchema,
    writes,
    destructive: writes && tool.annotations?.destructiveHint !== false,
  };
}

function partText(part: CallToolResult["content"][number]): string {
  switch (part.type) {
    case "text":
      return part.text;
    case "image":
    case "audio":
      return `[${part.type}: ${part.mimeType}, ${Math.round((part.data.length * 3) / 4)} bytes]`;
    case "resource_link":
      return `[resource: ${part.name} ${part.uri}]`;
    case "resource":
      return "text" in part.resource ? part.resource.text : `[resource: ${part.resource.uri}]`;
    default:
      return "";
  }
}

export function toolResult(tool: AppTool, result: CallToolResult): AppToolResult {
  const content = result.content ?? [];
  let text = content.map(partText).filter(Boolean).join("\n");
  if (!text && result.structuredContent) text = JSON.stringify(result.structuredContent);
  if (text.length > MAX_RESULT_TEXT) text = `${text.slice(0, MAX_RESULT_TEXT)}… (cut)`;
  return {
    tool: tool.name,
    isError: result.isError === true,
    text,
    content,
    ...(result.structuredContent ? { structuredContent: result.structuredContent } : {}),
  };
}
