import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiskMediaStorage } from "../media/storage-disk.ts";
import { mediaFilesRoutes } from "./media-files.ts";

let dir: string;
let storage: DiskMediaStorage;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "atelier-files-"));
  storage = new DiskMediaStorage(path.join(dir, "media"), "http://localhost/system/media/");
  await storage.put("media_attachments/1/original.webp", Buffer.from("RIFF....WEBP"), "image/webp");
  // A file outside the media root that traversal attempts would aim for.
  await fs.writeFile(path.join(dir, "secret.png"), "secret");
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("GET /system/media/*", () => {
  it("serves a stored file with its type and cache headers", async () => {
    const res = await mediaFilesRoutes(storage).request("/system/media/media_attachments/1/original.webp");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe("RIFF....WEBP");
  });

  it("answers 404 with Mastodon's error body for a missing file", async () => {
    const res = await mediaFilesRoutes(storage).request("/system/media/media_attachments/2/original.webp");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "Record not found" });
  });

  it.each([
    "/system/media/%2e%2e/secret.png",
    "/system/media/..%2fsecret.png",
    "/system/media/media_attachments/%2e%2e/%2e%2e/secret.png",
    "/system/media/%2fetc/passwd.png",
  ])("does not let %s escape the media folder", async (url) => {
    // Some of these are resolved by URL parsing itself (%2e%2e is a dot segment) and then miss the
    // route altogether; either way nothing outside the media folder is read.
    const res = await mediaFilesRoutes(storage).request(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("secret");
  });
});
