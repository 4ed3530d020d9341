// Apps' tools for the assistant: the tools of every app the person enabled (src/ai/apps), named
// `app__tool`, beside the built-in ones. A tool an app did not declare read-only writes, so it waits
// for the person's confirmation like post_status does.
import { notFound, refuseUnstorableText } from "../../errors.ts";
import type { AppTool } from "../apps/tools.ts";
import { type AssistantDeps, type AssistantTool, BUILTIN_TOOLS, type Viewer } from "./tools.ts";

/** An app's tool for the assistant: writes unless the app declared it read-only. */
export function appToolFor(appTool: AppTool): AssistantTool {
  return {
    name: appTool.name,
    description: `${appTool.app.title}: ${appTool.description || appTool.title}`,
    inputSchema: (appTool.inputSchema ?? { type: "object" }) as Record<string, unknown>,
    kind: appTool.writes ? "write" : "read",
    scope: appTool.writes ? "write" : "read",
    parse(args) {
      refuseUnstorableText({ [appTool.name]: args });
      return args && typeof args === "object" ? (args as Record<string, unknown>) : {};
    },
    async run(run, args) {
      if (!run.deps.apps) throw notFound("App");
      const result = await run.deps.apps.callAppTool(run.viewer.userId, appTool.name, args);
      return { app: appTool.app.name, is_error: result.isError, text: result.text };
    },
  };
}

/** The built-in tools plus the person's enabled apps' (app tools that fail to list are left out). */
export async function toolsFor(deps: AssistantDeps, viewer: Viewer): Promise<AssistantTool[]> {
  if (!deps.apps) return BUILTIN_TOOLS;
  const appTools = await deps.apps.listToolsForUser(viewer.userId).catch(() => []);
  const names = new Set(BUILTIN_TOOLS.map((t) => t.name));
  return [...BUILTIN_TOOLS, ...appTools.filter((t) => !names.has(t.name)).map(appToolFor)];
}
