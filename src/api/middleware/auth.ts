// Bearer-token authentication and per-endpoint scope checks, with Mastodon's errors:
// 401 for a missing or bad token, 403 for a token without the scope, 422 for an app-only token
// on an endpoint that needs a user.
import type { Context, MiddlewareHandler } from "hono";
import { type Authentication, authenticateToken } from "../../auth/oauth.ts";
import { scopeAllows } from "../../auth/scopes.ts";
import type { Executor } from "../../db/client.ts";
import { ApiError } from "../errors.ts";

declare module "hono" {
  interface ContextVariableMap {
    auth: Authentication | null;
  }
}

export interface UserAuthentication extends Authentication {
  userId: bigint;
  accountId: bigint;
}

export function bearerToken(c: Context): string | null {
  const header = c.req.header("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] ?? null;
  }
  return null;
}

/** Resolves the token, if any, for every request; endpoints decide whether they need one. */
export function authenticate(db: Executor): MiddlewareHandler {
  return async (c, next) => {
    const token = bearerToken(c);
    if (token === null && c.req.header("authorization"))
      throw new ApiError(401, "The access token is invalid");
    const auth = token ? await authenticateToken(db, token) : null;
    if (token && !auth) throw new ApiError(401, "The access token is invalid");
    c.set("auth", auth);
    await next();
  };
}

function checkScope(auth: Authentication, scope: string): void {
  if (!auth.scopes.some((granted) => scopeAllows([granted], scope))) {
    throw new ApiError(403, "This action is outside the authorized scopes");
  }
}

/** The signed-in user's authentication, with `scope` checked; throws Mastodon's errors otherwise. */
export function requireUser(c: Context, scope: string): UserAuthentication {
  const auth = c.get("auth");
  if (!auth) throw new ApiError(401, "The access token is invalid");
  checkScope(auth, scope);
  if (auth.userId === null || auth.accountId === null) {
    throw new ApiError(422, "This method requires an authenticated user");
  }
  return auth as UserAuthentication;
}

/** Any token (user or app) carrying `scope`. */
export function requireToken(c: Context, scope: string): Authentication {
  const auth = c.get("auth");
  if (!auth) throw new ApiError(401, "The access token is invalid");
  checkScope(auth, scope);
  return auth;
}

/** The viewer's account id when a user token with `scope` is present; null for anonymous calls. */
export function optionalViewer(c: Context, scope: string): bigint | null {
  const auth = c.get("auth");
  if (!auth || auth.accountId === null) return null;
  checkScope(auth, scope);
  return auth.accountId;
}

export function requireAdmin(c: Context, scope: string): UserAuthentication {
  const auth = requireUser(c, scope);
  if (auth.role !== "admin" && auth.role !== "moderator")
    throw new ApiError(403, "This action is not allowed");
  return auth;
}
