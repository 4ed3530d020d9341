import { Hono } from "hono";
import { z } from "zod";
import { findAppById, OOB_REDIRECT, registerApp } from "../../auth/oauth.ts";
import { parseScopes, unknownScopes } from "../../auth/scopes.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { requireToken } from "../middleware/auth.ts";
import { p, parseBody } from "../params.ts";
import { serializeApplication } from "./serializers/application.ts";

const UNSAFE_SCHEMES = new Set(["javascript:", "data:", "vbscript:", "file:"]);

function parseRedirectUris(value: string | string[]): string[] {
  const uris = (Array.isArray(value) ? value : value.split(/\s+/)).map((u) => u.trim()).filter(Boolean);
  if (!uris.length) throw new ApiError(422, "Validation failed: Redirect URI can't be blank");
  for (const uri of uris) {
    if (uri === OOB_REDIRECT) continue;
    let parsed: URL;
    try {
      parsed = new URL(uri);
    } catch {
      throw new ApiError(422, "Validation failed: Redirect URI must be an absolute URI.");
    }
    if (UNSAFE_SCHEMES.has(parsed.protocol) || parsed.hash) {
      throw new ApiError(422, "Validation failed: Redirect URI must be an absolute URI without a fragment.");
    }
  }
  return uris;
}

const createAppSchema = z.object({
  client_name: p.string(200).trim().min(1, { error: "can't be blank" }),
  redirect_uris: z.union([p.string(2000), z.array(p.string(2000)).max(10)]),
  scopes: p.string(1000).optional(),
  website: p.string(2000).url({ error: "must be a URL" }).optional().or(z.literal("")),
});

export function appsRoutes(deps: ApiDeps) {
  const { db } = deps.social;
  return new Hono()
    .post("/api/v1/apps", async (c) => {
      const body = await parseBody(c, createAppSchema);
      const scopes = parseScopes(body.scopes);
      const unknown = unknownScopes(scopes);
      if (unknown.length)
        throw new ApiError(422, `Validation failed: Scopes ${unknown.join(", ")} are not valid`);
      const app = await registerApp(db, {
        name: body.client_name,
        redirectUris: parseRedirectUris(body.redirect_uris),
        scopes,
        website: body.website || null,
      });
      return c.json(serializeApplication(app, { withSecret: true }));
    })
    .get("/api/v1/apps/verify_credentials", async (c) => {
      const auth = requireToken(c, "read");
      const app = await findAppById(db, auth.appId);
      if (!app) throw new ApiError(401, "The access token is invalid");
      return c.json(serializeApplication(app, { withSecret: false }));
    });
}
