import type { OAuthApp } from "../../../auth/oauth.ts";

/** The Application entity; the client secret only when the app was just created. */
export function serializeApplication(app: OAuthApp, options: { withSecret: boolean }) {
  const base = {
    id: String(app.id),
    name: app.name,
    website: app.website,
    scopes: app.scopes.split(" "),
    redirect_uri: app.redirectUris.join("\n"),
    redirect_uris: app.redirectUris,
    vapid_key: "",
  };
  if (!options.withSecret) return base;
  return { ...base, client_id: app.clientId, client_secret: app.clientSecret, client_secret_expires_at: 0 };
}
