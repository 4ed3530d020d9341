// Real Mastodon client sessions (the `masto` library) against a test server: an app, then users
// registered by API exactly as a Mastodon app would do it.
import { createRestAPIClient, type mastodon } from "masto";

export interface UserSession {
  client: mastodon.rest.Client;
  token: string;
  account: mastodon.v1.AccountCredentials;
}

export async function createAppClient(url: string, scopes = "read write follow push") {
  const anonymous = createRestAPIClient({ url });
  const app = await anonymous.v1.apps.create({
    clientName: "Atelier tests",
    redirectUris: "urn:ietf:wg:oauth:2.0:oob",
    scopes,
  });
  const res = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      grant_type: "client_credentials",
      client_id: app.clientId,
      client_secret: app.clientSecret,
      scope: scopes,
    }),
  });
  const { access_token } = (await res.json()) as { access_token: string };
  return { app, appToken: access_token, client: createRestAPIClient({ url, accessToken: access_token }) };
}

let counter = 0;

/** Registers by API through an app that may ask for `scopes` (admin:* for staff tests). */
export async function registerUser(url: string, username?: string, scopes?: string): Promise<UserSession> {
  const { client: appClient } = await createAppClient(url, scopes);
  const name = username ?? `user${Date.now().toString(36)}${counter++}`;
  const token = await appClient.v1.accounts.create({
    username: name,
    email: `${name}@example.test`,
    password: "correct horse battery staple",
    agreement: true,
    locale: "en",
  });
  const client = createRestAPIClient({ url, accessToken: token.accessToken });
  const account = await client.v1.accounts.verifyCredentials();
  return { client, token: token.accessToken, account };
}

/**
 * The HTTP status a failed masto call ended with. masto wraps error responses in MastoHttpError,
 * except where its `instanceof Response` check misses under the test runner and the raw Response
 * is thrown; both carry the status a client would act on.
 */
export async function failureStatus(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (err) {
    // Duck-typed: the thrown Response may come from another realm, failing instanceof.
    const failure = err as { statusCode?: unknown; status?: unknown };
    if (typeof failure.statusCode === "number") return failure.statusCode;
    if (typeof failure.status === "number") return failure.status;
    throw err;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
