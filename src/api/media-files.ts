// Serves stored media at /system/media/<key>, for the disk backend (with S3, URLs point at the bucket).
// Files are immutable under their key, so caches may keep them for a year. nosniff and a locked-down
// CSP make sure a browser only ever treats them as the image type the store reports.
import { Hono } from "hono";
import { isValidMediaKey, MEDIA_URL_PREFIX, type MediaStorage } from "../media/storage.ts";
import { errorBody } from "./errors.ts";

export function mediaFilesRoutes(storage: MediaStorage): Hono {
  const app = new Hono();
  app.get(`${MEDIA_URL_PREFIX}*`, async (c) => {
    // Hono has already percent-decoded the path; anything outside the key alphabet (`..`, `%`,
    // backslashes) fails validation and is simply not found.
    const key = c.req.path.slice(MEDIA_URL_PREFIX.length);
    const file = isValidMediaKey(key) ? await storage.get(key) : null;
    if (!file) return c.json(errorBody("Record not found"), 404);
    return c.body(new Uint8Array(file.data), 200, {
      "Content-Type": file.contentType,
      "Content-Length": String(file.data.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    });
  });
  return app;
}
