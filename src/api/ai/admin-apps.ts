// The admin's side of apps: GET/POST /api/v1/admin/ai/apps and DELETE /api/v1/admin/ai/apps/:id.
// Admins only (not moderators): an app's tools act for everyone who enables it.
import type { Context } from "hono";
import { Hono } from "hono";
import { appDefinitionSchema } from "../../ai/apps/definition.ts";
import type { AppsService } from "../../ai/apps/service.ts";
import { ApiError } from "../errors.ts";
import { requireAdmin, type UserAuthentication } from "../middleware/auth.ts";
import { parseBody } from "../params.ts";
import { appName } from "./apps.ts";
import { serializeAdminApp } from "./serializers/app.ts";

function requireAppsAdmin(c: Context, scope: "admin:read" | "admin:write"): UserAuthentication {
  const auth = requireAdmin(c, scope);
  if (auth.role !== "admin") throw new ApiError(403, "Only admins manage apps");
  return auth;
}

export function adminAiAppsRoutes(deps: { apps: AppsService }) {
  const { apps } = deps;
  return new Hono()
    .get("/api/v1/admin/ai/apps", async (c) => {
      requireAppsAdmin(c, "admin:read");
      return c.json((await apps.listApps()).map(serializeAdminApp));
    })
    .post("/api/v1/admin/ai/apps", async (c) => {
      const auth = requireAppsAdmin(c, "admin:write");
      const input = await parseBody(c, appDefinitionSchema);
      return c.json(serializeAdminApp(await apps.createApp(input, auth.accountId)));
    })
    .delete("/api/v1/admin/ai/apps/:id", async (c) => {
      requireAppsAdmin(c, "admin:write");
      await apps.deleteApp(appName(c));
      return c.json({});
    });
}
