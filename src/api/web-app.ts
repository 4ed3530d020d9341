// Serves the built web app (web/dist): hashed assets with immutable caching (pre-compressed once,
// kept in memory), and index.html for the app's own routes when a browser asks for a page, so
// client-side routes like /@alice/123 survive a reload. Everything else falls through to its own
// route or the JSON 404.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import type { Context } from "hono";
import { Hono } from "hono";

export const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#5b3cc4"/><path d="M20 46 32 16l12 30M25 36h14" stroke="#fff" stroke-width="5" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/**
 * The app's own routes (web/src/router.tsx). Only these get the app shell, so no server path —
 * today's or one added later (/api, /oauth, /media, /mcp, …) — is ever shadowed by it.
 */
const CLIENT_ROUTE =
  /^\/(|explore|public|public\/local|notifications|search|settings|bookmarks|assistant|signup|signin|auth\/(callback|sign_in|sign_up)|tags\/[^/]+|@[\w.-]+(\/[^/]+)?)\/?$/;

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

// The app loads only its own scripts; media may come from S3-compatible storage on another origin.
const PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-cache",
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data: blob:; " +
    "media-src * blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
};

interface Asset {
  raw: Buffer;
  br: Buffer;
  gzip: Buffer;
  type: string;
}

function wantsPage(c: Context): boolean {
  const p = c.req.path;
  if (p === "/") return true;
  return CLIENT_ROUTE.test(p) && (c.req.header("accept") ?? "").includes("text/html");
}

function notBuiltPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Atelier</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">
<h1>Atelier</h1><p>This server is running, but the web app has not been built yet.
Run <code>npm run build:web</code> (or <code>npm install</code>) and reload. The API answers at
<a href="/api/v2/instance">/api/v2/instance</a>.</p></body></html>`;
}

export function webAppRoutes(distDir = WEB_DIST) {
  const assets = new Map<string, Promise<Asset | null>>();

  async function loadAsset(name: string): Promise<Asset | null> {
    const file = path.join(distDir, "assets", name);
    if (!file.startsWith(path.join(distDir, "assets") + path.sep)) return null;
    const raw = await fs.readFile(file).catch(() => null);
    if (!raw) return null;
    const type = TYPES[path.extname(name)] ?? "application/octet-stream";
    return {
      raw,
      type,
      br: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }),
      gzip: zlib.gzipSync(raw, { level: 9 }),
    };
  }

  return new Hono()
    .get("/favicon.svg", (c) =>
      c.body(FAVICON, 200, { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" }),
    )
    .get("/assets/:name{[\\w.-]+}", async (c) => {
      const name = c.req.param("name");
      let pending = assets.get(name);
      if (!pending) {
        pending = loadAsset(name);
        assets.set(name, pending);
      }
      const asset = await pending;
      if (!asset) {
        assets.delete(name);
        return c.json({ error: "Record not found" }, 404);
      }
      const accept = (c.req.header("accept-encoding") ?? "").toLowerCase();
      const encoding = accept.includes("br") ? "br" : accept.includes("gzip") ? "gzip" : null;
      const body = encoding ? asset[encoding] : asset.raw;
      // Names carry a content hash (Vite), so a file never changes under its name.
      const headers: Record<string, string> = {
        "Content-Type": asset.type,
        "Cache-Control": "public, max-age=31536000, immutable",
        "Content-Length": String(body.length),
        "X-Content-Type-Options": "nosniff",
        Vary: "Accept-Encoding",
      };
      if (encoding) headers["Content-Encoding"] = encoding;
      return c.body(new Uint8Array(body), 200, headers);
    })
    .get("*", async (c, next) => {
      if (!wantsPage(c)) return next();
      // Read each time: it is small, and a rebuild must not need a restart.
      const index = await fs.readFile(path.join(distDir, "index.html"), "utf8").catch(() => null);
      if (index === null) return c.body(notBuiltPage(), 200, PAGE_HEADERS);
      return c.body(index, 200, PAGE_HEADERS);
    });
}
