// OAuth 2 endpoints: /oauth/authorize (sign-in and consent), /oauth/token (authorization_code
// with PKCE, client_credentials, refresh_token) and /oauth/revoke. Errors follow RFC 6749.
import type { Context } from "hono";
import { Hono } from "hono";
import {
  authenticateClient,
  createAuthorizationCode,
  exchangeCode,
  findApp,
  type IssuedToken,
  issueToken,
  type OAuthApp,
  OAuthError,
  OOB_REDIRECT,
  refreshToken,
  revokeToken,
} from "../../auth/oauth.ts";
import { parseScopes, scopesWithin, unknownScopes } from "../../auth/scopes.ts";
import { verifyLogin } from "../../social/accounts.ts";
import type { ApiDeps } from "../deps.ts";
import { queryParams, requestParams } from "../params.ts";
import { AUTHORIZE_HEADERS, authorizePage, codePage } from "./authorize-page.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function oauthError(c: Context, err: OAuthError) {
  return c.json({ error: err.code, error_description: err.message }, err.status);
}

function tokenBody(token: IssuedToken) {
  return {
    access_token: token.accessToken,
    token_type: "Bearer",
    scope: token.scopes.join(" "),
    created_at: Math.floor(token.createdAt.getTime() / 1000),
    ...(token.refreshToken ? { refresh_token: token.refreshToken } : {}),
  };
}

interface AuthorizeRequest {
  app: OAuthApp;
  redirectUri: string;
  scopes: string[];
  params: Record<string, string>;
}

/** Validates the query of an authorization request; problems are shown, never redirected. */
async function readAuthorizeRequest(deps: ApiDeps, raw: Record<string, unknown>): Promise<AuthorizeRequest> {
  const clientId = str(raw.client_id);
  const app = clientId ? await findApp(deps.social.db, clientId) : null;
  if (!app) throw new OAuthError("invalid_client", "Unknown client_id");
  const redirectUri = str(raw.redirect_uri) ?? app.redirectUris[0]!;
  if (!app.redirectUris.includes(redirectUri)) {
    throw new OAuthError("invalid_request", "redirect_uri is not one of the app's registered redirect URIs");
  }
  if ((str(raw.response_type) ?? "code") !== "code") {
    throw new OAuthError("unsupported_response_type", "Only response_type=code is supported");
  }
  const scopes = parseScopes(str(raw.scope) ?? str(raw.scopes));
  if (unknownScopes(scopes).length || !scopesWithin(scopes, app.scopes.split(" "))) {
    throw new OAuthError(
      "invalid_scope",
      "The requested scope is invalid, unknown, or not allowed for this app",
    );
  }
  const method = str(raw.code_challenge_method);
  if (str(raw.code_challenge) && method && method !== "S256" && method !== "plain") {
    throw new OAuthError("invalid_request", "code_challenge_method must be S256 or plain");
  }
  const params: Record<string, string> = {
    client_id: app.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: scopes.join(" "),
  };
  for (const name of ["state", "code_challenge", "code_challenge_method", "lang"]) {
    const value = str(raw[name]);
    if (value) params[name] = value;
  }
  return { app, redirectUri, scopes, params };
}

function redirectWith(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

export function oauthRoutes(deps: ApiDeps) {
  const { db } = deps.social;
  const renderError = (c: Context, err: unknown) => {
    if (!(err instanceof OAuthError)) throw err;
    return c.html(
      `<!doctype html><meta charset="utf-8"><title>Authorization error</title><h1>Authorization error</h1><p>${err.message}</p>`,
      400,
      AUTHORIZE_HEADERS,
    );
  };

  return new Hono()
    .get("/oauth/authorize", async (c) => {
      try {
        const request = await readAuthorizeRequest(deps, queryParams(c));
        const page = authorizePage({
          appName: request.app.name,
          appWebsite: request.app.website,
          scopes: request.scopes,
          params: request.params,
        });
        return c.html(page, 200, AUTHORIZE_HEADERS);
      } catch (err) {
        return renderError(c, err);
      }
    })
    .post("/oauth/authorize", async (c) => {
      const form = await requestParams(c);
      let request: AuthorizeRequest;
      try {
        request = await readAuthorizeRequest(deps, form);
      } catch (err) {
        return renderError(c, err);
      }
      const state = request.params.state;
      if (str(form.decision) === "deny") {
        if (request.redirectUri === OOB_REDIRECT)
          return renderError(c, new OAuthError("access_denied", "Access denied"));
        return c.redirect(redirectWith(request.redirectUri, { error: "access_denied", state }), 302);
      }
      const login = str(form.login) ?? "";
      const user = await verifyLogin(db, login, str(form.password) ?? "");
      if (!user?.approved) {
        const error = user
          ? "Your account is waiting for approval by an administrator."
          : "Wrong email, username or password.";
        const page = authorizePage({
          appName: request.app.name,
          appWebsite: request.app.website,
          scopes: request.scopes,
          params: request.params,
          error,
          login,
        });
        return c.html(page, 401, AUTHORIZE_HEADERS);
      }
      const code = await createAuthorizationCode(db, {
        app: request.app,
        userId: user.id,
        redirectUri: request.redirectUri,
        scopes: request.scopes,
        codeChallenge: request.params.code_challenge ?? null,
        codeChallengeMethod: request.params.code_challenge
          ? (request.params.code_challenge_method ?? "plain")
          : null,
      });
      if (request.redirectUri === OOB_REDIRECT) return c.html(codePage(code), 200, AUTHORIZE_HEADERS);
      return c.redirect(redirectWith(request.redirectUri, { code, state }), 302);
    })
    .post("/oauth/token", async (c) => {
      try {
        const body = await requestParams(c);
        const app = await clientFromRequest(c, body);
        const grant = str(body.grant_type);
        if (grant === "authorization_code") {
          const code = str(body.code);
          if (!code) throw new OAuthError("invalid_request", "code is required");
          const token = await exchangeCode(db, {
            app,
            code,
            redirectUri: str(body.redirect_uri) ?? app.redirectUris[0]!,
            codeVerifier: str(body.code_verifier),
          });
          return c.json(tokenBody(token));
        }
        if (grant === "client_credentials") {
          const scopes = parseScopes(str(body.scope) ?? str(body.scopes));
          if (unknownScopes(scopes).length || !scopesWithin(scopes, app.scopes.split(" "))) {
            throw new OAuthError(
              "invalid_scope",
              "The requested scope is invalid, unknown, or not allowed for this app",
            );
          }
          return c.json(tokenBody(await issueToken(db, { appId: app.id, userId: null, scopes })));
        }
        if (grant === "refresh_token") {
          const refresh = str(body.refresh_token);
          if (!refresh) throw new OAuthError("invalid_request", "refresh_token is required");
          return c.json(tokenBody(await refreshToken(db, app, refresh)));
        }
        throw new OAuthError(
          "unsupported_grant_type",
          "grant_type must be authorization_code, client_credentials or refresh_token",
        );
      } catch (err) {
        if (err instanceof OAuthError) return oauthError(c, err);
        throw err;
      }
    })
    .post("/oauth/revoke", async (c) => {
      try {
        const body = await requestParams(c);
        const app = await clientFromRequest(c, body);
        const token = str(body.token);
        if (!token) throw new OAuthError("invalid_request", "token is required");
        await revokeToken(db, app, token);
        return c.json({});
      } catch (err) {
        if (err instanceof OAuthError) return oauthError(c, err);
        throw err;
      }
    });

  /** Client credentials from the body or HTTP Basic authentication. */
  async function clientFromRequest(c: Context, body: Record<string, unknown>): Promise<OAuthApp> {
    let clientId = str(body.client_id);
    let clientSecret = str(body.client_secret);
    const basic = /^Basic\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    if (basic) {
      const decoded = Buffer.from(basic[1]!, "base64").toString();
      const colon = decoded.indexOf(":");
      try {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        throw new OAuthError("invalid_client", "Malformed HTTP Basic credentials", 401);
      }
    }
    if (!clientId || !clientSecret)
      throw new OAuthError("invalid_client", "client_id and client_secret are required", 401);
    return authenticateClient(db, clientId, clientSecret);
  }
}
