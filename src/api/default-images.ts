// The picture shown for accounts without an avatar or header: rendered once with sharp, as PNG
// because some Mastodon clients cannot show SVG.
import { Hono } from "hono";
import sharp from "sharp";

const AVATAR_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="#c9c2e8"/><circle cx="200" cy="160" r="80" fill="#8f84bd"/><path d="M60 400c0-80 60-140 140-140s140 60 140 140z" fill="#8f84bd"/></svg>`;
const HEADER_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1500" height="500"><defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#5b3cc4"/><stop offset="1" stop-color="#c34a8c"/></linearGradient></defs><rect width="1500" height="500" fill="url(#g)"/></svg>`;

function pngOnce(svg: string) {
  let png: Promise<Buffer> | null = null;
  return () => {
    png ??= sharp(Buffer.from(svg)).png().toBuffer();
    return png;
  };
}

export function defaultImageRoutes() {
  const avatar = pngOnce(AVATAR_SVG);
  const header = pngOnce(HEADER_SVG);
  const headers = { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400" };
  return new Hono()
    .get("/avatars/original/missing.png", async (c) => c.body(new Uint8Array(await avatar()), 200, headers))
    .get("/headers/original/missing.png", async (c) => c.body(new Uint8Array(await header()), 200, headers));
}
