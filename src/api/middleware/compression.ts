// Brotli or gzip for compressible bodies, chosen from Accept-Encoding. Hono's own compress()
// offers no brotli; streams (server-sent events) pass through untouched so they are not buffered.
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { MiddlewareHandler } from "hono";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const COMPRESSIBLE =
  /^(text\/(?!event-stream)|application\/(json|javascript|xml|activity\+json|ld\+json)|image\/svg)/;
const THRESHOLD = 1024;

function pickEncoding(acceptEncoding: string | undefined): "br" | "gzip" | null {
  if (!acceptEncoding) return null;
  const accepted = acceptEncoding
    .toLowerCase()
    .split(",")
    .map((part) => part.trim().split(";"))
    .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, "")) > 0)
    .map(([name]) => name?.trim());
  if (accepted.includes("br")) return "br";
  if (accepted.includes("gzip") || accepted.includes("*")) return "gzip";
  return null;
}

export function compression(): MiddlewareHandler {
  return async (c, next) => {
    // Decide from the request first: reading c.res forces a full Response on the Node adapter.
    const encoding = c.req.method === "HEAD" ? null : pickEncoding(c.req.header("accept-encoding"));
    await next();
    if (!encoding) return;
    const res = c.res;
    const type = res.headers.get("content-type") ?? "";
    if (!res.body || res.headers.has("content-encoding") || !COMPRESSIBLE.test(type)) return;
    const declaredLength = Number(res.headers.get("content-length") ?? Number.NaN);
    if (declaredLength < THRESHOLD) return;
    const raw = Buffer.from(await res.arrayBuffer());
    const body =
      raw.length < THRESHOLD
        ? raw
        : encoding === "br"
          ? await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
          : await gzip(raw, { level: 6 });
    // Hono merges the old response's headers into the new one, so fix them up after assigning.
    c.res = new Response(body, res);
    c.res.headers.set("Content-Length", String(body.length));
    c.res.headers.append("Vary", "Accept-Encoding");
    if (body !== raw) c.res.headers.set("Content-Encoding", encoding);
  };
}
