// Signing in the OAuth way, as any Mastodon app does: register an app once per browser, send the
// person to /oauth/authorize with PKCE (S256), trade the code for a token on /auth/callback.
// Signing up is Mastodon's registration by API: an app token, then POST /api/v1/accounts.
import { ApiError, api } from "./client.ts";
import type { AppRegistration, Token } from "./types.ts";

export const SCOPES = "read write follow push";
const APP_KEY = "atelier.app";
const PKCE_KEY = "atelier.pkce";

export const callbackUrl = () => `${window.location.origin}/auth/callback`;

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** This browser's app registration, created on first use and kept. */
export async function ensureApp(): Promise<AppRegistration> {
  const saved = localStorage.getItem(APP_KEY);
  if (saved) {
    const app = JSON.parse(saved) as AppRegistration;
    if (app.redirect_uri === callbackUrl()) return app;
  }
  const app = await api<AppRegistration>("/api/v1/apps", {
    method: "POST",
    token: null,
    body: {
      client_name: "Atelier web",
      redirect_uris: callbackUrl(),
      scopes: SCOPES,
      website: window.location.origin,
    },
  });
  const registration = {
    client_id: app.client_id,
    client_secret: app.client_secret,
    redirect_uri: callbackUrl(),
  };
  localStorage.setItem(APP_KEY, JSON.stringify(registration));
  return registration;
}

/** Navigates to the server's sign-in and consent page. */
export async function startSignIn(returnTo = "/"): Promise<void> {
  const app = await ensureApp();
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL("/oauth/authorize", window.location.origin);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: app.client_id,
    redirect_uri: app.redirect_uri,
    scope: SCOPES,
    state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: "S256",
  }).toString();
  window.location.assign(url.toString());
}

/** Finishes the flow on /auth/callback: checks state, trades the code, returns the token and where to go. */
export async function finishSignIn(params: URLSearchParams): Promise<{ token: string; returnTo: string }> {
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? "null") as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PKCE_KEY);
  if (params.get("error")) throw new ApiError(400, "Sign-in was cancelled.");
  const code = params.get("code");
  if (!pending || !code || params.get("state") !== pending.state) {
    throw new ApiError(400, "This sign-in link is stale or was not started here. Please sign in again.");
  }
  const app = await ensureApp();
  const token = await api<Token>("/oauth/token", {
    method: "POST",
    token: null,
    body: {
      grant_type: "authorization_code",
      code,
      client_id: app.client_id,
      client_secret: app.client_secret,
      redirect_uri: app.redirect_uri,
      code_verifier: pending.verifier,
    },
  });
  return { token: token.access_token, returnTo: pending.returnTo.startsWith("/") ? pending.returnTo : "/" };
}

export async function revoke(token: string): Promise<void> {
  const app = await ensureApp();
  await api("/oauth/revoke", {
    method: "POST",
    token: null,
    body: { client_id: app.client_id, client_secret: app.client_secret, token },
  });
}

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  agreement: boolean;
}

/** Registration by API: an app-only token (client_credentials), then the new user's own token. */
export async function signUp(input: SignUpInput): Promise<string> {
  const app = await ensureApp();
  const appToken = await api<Token>("/oauth/token", {
    method: "POST",
    token: null,
    body: {
      grant_type: "client_credentials",
      client_id: app.client_id,
      client_secret: app.client_secret,
      scope: SCOPES,
    },
  });
  const token = await api<Token>("/api/v1/accounts", {
    method: "POST",
    token: appToken.access_token,
    body: { ...input, locale: navigator.language.slice(0, 2) || "en" },
  });
  return token.access_token;
}
