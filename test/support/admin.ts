// An account registered by API through an app that may ask for admin scopes (registerUser's app
// has none). Only the first account on a server actually gets the admin role.
import { createRestAPIClient } from "masto";
import { createAppClient, type UserSession } from "./clients.ts";

export const ADMIN_SCOPES = "read write follow push admin:read admin:write";

export async function registerAdmin(url: string, username: string): Promise<UserSession> {
  const { client: app } = await createAppClient(url, ADMIN_SCOPES);
  const token = await app.v1.accounts.create({
    username,
    email: `${username}@example.test`,
    password: "correct horse battery staple",
    agreement: true,
    locale: "en",
  });
  const client = createRestAPIClient({ url, accessToken: token.accessToken });
  return { client, token: token.accessToken, account: await client.v1.accounts.verifyCredentials() };
}
