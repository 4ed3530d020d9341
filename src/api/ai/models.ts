// GET /api/v1/ai/models: the configured models, per capability in the order they are tried.
import { Hono } from "hono";
import type { ApiDeps } from "../deps.ts";
import { requireToken } from "../middleware/auth.ts";

export function aiModelsRoutes(deps: ApiDeps) {
  return new Hono().get("/api/v1/ai/models", (c) => {
    requireToken(c, "read");
    return c.json(
      deps.ai.models().map((model) => ({
        id: model.id,
        provider: model.provider,
        capabilities: model.capabilities,
        builtin: model.provider === "builtin",
      })),
    );
  });
}
