// Apps for a person: GET /api/v1/ai/apps (every app the admin registered, and whether it is on for
// them), POST …/:id/enable and …/:id/disable, GET …/:id/tools (namespaced as the assistant sees
// them) and POST …/:id/tools/:tool/call (run one tool now, the person's own explicit act).
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { APP_NAME, MAX_APP_NAME } from "../../ai/apps/definition.ts";
import type { AppsService } from "../../ai/apps/service.ts";
import { namespacedToolName } from "../../ai/apps/tools.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";
import { parseBody } from "../params.ts";
import { serializeApp, serializeAppTool, serializeAppToolResult } from "./serializers/app.ts";

const callSchema = z.object({
  arguments: z.record(z.string(), z.unknown(), { error: "must be an object" }).optional(),
});

/** The app name in the path; anything that can't be one is a 404. */
export function appName(c: Context): string {
  const name = c.req.param("id") ?? "";
  if (name.length > MAX_APP_NAME || !APP_NAME.test(name)) throw new ApiError(404, "Record not found");
  return name;
}

export function aiAppsRoutes(deps: { apps: AppsService }) {
  const { apps } = deps;
  const toggle = async (c: Context, enabled: boolean) => {
    const auth = requireUser(c, "write:accounts");
    const entry = await apps.setEnabled(auth.userId, appName(c), enabled);
    return c.json(serializeApp(entry.app, entry.enabled));
  };

  return new Hono()
    .get("/api/v1/ai/apps", async (c) => {
      const auth = requireUser(c, "read:accounts");
      const list = await apps.listAppsForUser(auth.userId);
      return c.json(list.map((entry) => serializeApp(entry.app, entry.enabled)));
    })
    .post("/api/v1/ai/apps/:id/enable", (c) => toggle(c, true))
    .post("/api/v1/ai/apps/:id/disable", (c) => toggle(c, false))
    .get("/api/v1/ai/apps/:id/tools", async (c) => {
      requireUser(c, "read:accounts");
      const tools = await apps.listAppTools(appName(c));
      return c.json(tools.map(serializeAppTool));
    })
    .post("/api/v1/ai/apps/:id/tools/:tool/call", async (c) => {
      // Reading tools need a read token; anything that may write needs a write token.
      const reader = requireUser(c, "read");
      const name = appName(c);
      const body = await parseBody(c, callSchema); // bad input is a 4xx before the app is asked anything
      const toolParam = c.req.param("tool");
      const namespaced = toolParam.startsWith(`${name}__`) ? toolParam : namespacedToolName(name, toolParam);
      const tool = (await apps.listAppTools(name)).find((candidate) => candidate.name === namespaced);
      if (!tool) throw new ApiError(404, "Record not found");
      if (tool.writes) requireUser(c, "write");
      const result = await apps.callAppTool(reader.userId, namespaced, body.arguments ?? {});
      return c.json(serializeAppToolResult(result));
    });
}
