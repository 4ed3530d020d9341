// A user token with exactly the scopes asked for, obtained like a real app would: the OAuth
// authorization code flow (sign-in form, then code exchange) through a fresh app.
import { createAppClient, type UserSession } from "./clients.ts";

const OOB = "urn:ietf:wg:oauth:2.0:oob";

export async function tokenWithScopes(url: string, session: UserSession, scopes: string): Promise<string> {
  const { app } = await createAppClient(url, scopes);
  const form = new URLSearchParams({
    client_id: app.clientId!,
    redirect_uri: OOB,
    response_type: "code",
    scope: scopes,
    login: session.account.username,
    password: "correct horse battery staple",
  });
  const page = await (await fetch(`${url}/oauth/authorize`, { method: "POST", body: form })).text();
  const code = /value="([^"]+)"/.exec(page)?.[1];
  if (!code) throw new Error(`no authorization code in the sign-in answer:\n${page}`);
  const res = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      grant_type: "authorization_code",
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code,
      redirect_uri: OOB,
    }),
  });
  const token = (await res.json()) as { access_token: string; scope: string };
  if (token.scope !== scopes) throw new Error(`asked for "${scopes}", got "${token.scope}"`);
  return token.access_token;
}
