// An account registered by API through an app that may ask for admin scopes (registerUser's app
// has none). Only the first account on a server actually gets the admin role.
import { registerUser, type UserSession } from "./clients.ts";

export const ADMIN_SCOPES = "read write follow push admin:read admin:write";

export function registerAdmin(url: string, username: string): Promise<UserSession> {
  return registerUser(url, username, ADMIN_SCOPES);
}
