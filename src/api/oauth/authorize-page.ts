// The server-rendered sign-in and consent page of /oauth/authorize. Every value is escaped by
// hono/html; the page refuses to be framed (clickjacking).
import { html } from "hono/html";

export interface AuthorizePageProps {
  appName: string;
  appWebsite: string | null;
  scopes: string[];
  params: Record<string, string>;
  error?: string | undefined;
  login?: string | undefined;
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; }
  main { width: min(26rem, 100% - 2rem); }
  h1 { font-size: 1.4rem; }
  label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .6rem; font: inherit; border-radius: .4rem; border: 1px solid #888; }
  .buttons { display: flex; gap: .75rem; margin-top: 1.25rem; }
  button { flex: 1; padding: .7rem; font: inherit; font-weight: 600; border-radius: .4rem; border: 0; cursor: pointer; }
  button[value=approve] { background: #5b3cc4; color: #fff; }
  .error { background: #fde8e8; color: #8a1c1c; padding: .6rem .8rem; border-radius: .4rem; }
  ul { padding-left: 1.2rem; }
`;

export const AUTHORIZE_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
};

export function authorizePage(props: AuthorizePageProps) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>Authorize ${props.appName} · Atelier</title>
    <style>${STYLE}</style>
  </head>
  <body>
    <main>
      <h1>Sign in to authorize ${props.appName}</h1>
      ${props.appWebsite ? html`<p>From <a href="${props.appWebsite}" rel="noopener noreferrer">${props.appWebsite}</a></p>` : ""}
      <p>It asks for permission to:</p>
      <ul>
        ${props.scopes.map((scope) => html`<li><code>${scope}</code></li>`)}
      </ul>
      ${props.error ? html`<p class="error" role="alert">${props.error}</p>` : ""}
      <form method="post" action="/oauth/authorize">
        ${Object.entries(props.params).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
        <label for="login">Email or username</label>
        <input id="login" name="login" type="text" autocomplete="username" required value="${props.login ?? ""}" />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <div class="buttons">
          <button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
          <button type="submit" name="decision" value="approve">Authorize</button>
        </div>
      </form>
    </main>
  </body>
</html>`;
}

export function codePage(code: string) {
  return html`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Authorization code · Atelier</title><style>${STYLE}</style></head>
  <body>
    <main>
      <h1>Authorization code</h1>
      <p>Copy this code and paste it into the application:</p>
      <p><input type="text" readonly value="${code}" aria-label="Authorization code" /></p>
    </main>
  </body>
</html>`;
}
