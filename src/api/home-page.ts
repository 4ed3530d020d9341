// A placeholder home page until the web app lands (issue: web app); it links to what works today.
import { Hono } from "hono";
import { html } from "hono/html";

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#5b3cc4"/><path d="M20 46 32 16l12 30M25 36h14" stroke="#fff" stroke-width="5" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export function homePageRoutes(title: string) {
  return new Hono()
    .get("/favicon.svg", (c) =>
      c.body(FAVICON, 200, { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" }),
    )
    .get("/", (c) =>
      c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <link rel="icon" href="/favicon.svg" />
    <title>${title}</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; }
      main { max-width: 36rem; padding: 2rem; }
      h1 { display: flex; gap: .75rem; align-items: center; margin: 0 0 1rem; }
      h1 img { width: 2.5rem; height: 2.5rem; }
      code { background: color-mix(in srgb, currentColor 10%, transparent); padding: .1rem .3rem; border-radius: .25rem; }
    </style>
  </head>
  <body>
    <main>
      <h1><img src="/favicon.svg" alt="" />${title}</h1>
      <p>This server is running. The web app is on its way; until then, any Mastodon app can connect to
        this server, and the API answers at <a href="/api/v2/instance"><code>/api/v2/instance</code></a>.</p>
    </main>
  </body>
</html>`),
    );
}
