import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Hono } from "hono";
import pino from "pino";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleError } from "../api/errors.ts";
import { type DatabaseHandle, openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { MediaError } from "./errors.ts";
import { createMediaAttachment, getMediaAttachment, type MediaDeps, parseFocus } from "./service.ts";
import type { MediaStorage } from "./storage.ts";
import { DiskMediaStorage } from "./storage-disk.ts";
import {
  GPS_LATITUDE,
  HTML_DOCUMENT,
  pngBomb,
  pngWithGps,
  readGpsLatitude,
  truncatedJpeg,
} from "./test-fixtures.ts";

const limits = { maxBytes: 16 * 1024 * 1024, maxPixels: 8192 * 8192 };
let dir: string;
let handle: DatabaseHandle;
let storage: DiskMediaStorage;
let deps: MediaDeps;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "atelier-media-svc-"));
  handle = await openDatabase({ dataDir: dir, logger: pino({ level: "silent" }) });
  await migrateDatabase(handle);
  storage = new DiskMediaStorage(path.join(dir, "media"), "http://localhost:3000/system/media/");
  deps = { db: handle.db, storage, limits };
}, 60_000);

afterAll(async () => {
  await handle?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** Files currently in the disk store, relative to its root. */
async function storedFiles(): Promise<string[]> {
  const entries = await fs.readdir(storage.root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(storage.root, path.join(e.parentPath, e.name)));
}

describe("createMediaAttachment", () => {
  it("processes, stores and records an upload, stripped of its GPS position", async () => {
    const upload = await pngWithGps(800, 600);
    expect(readGpsLatitude((await sharp(upload).metadata()).exif)).toBe(GPS_LATITUDE);

    const row = await createMediaAttachment(deps, {
      accountId: 123n,
      data: upload,
      description: "A test pattern",
      focus: "0.5,-0.25",
    });
    expect(row).toMatchObject({
      accountId: 123n,
      type: "image",
      fileKey: `media_attachments/${row.id}/original.webp`,
      thumbnailKey: `media_attachments/${row.id}/small.webp`,
      contentType: "image/webp",
      description: "A test pattern",
      meta: {
        original: { width: 800, height: 600, size: "800x600", aspect: 1.333333 },
        small: { width: 640, height: 480, size: "640x480", aspect: 1.333333 },
        focus: { x: 0.5, y: -0.25 },
      },
    });
    expect(row.blurhash).toMatch(/^[0-9A-Za-z#$%*+,-.:;=?@[\]^_{|}~]{28}$/);

    const stored = await storage.get(row.fileKey);
    expect(stored?.contentType).toBe("image/webp");
    expect(stored?.data.length).toBe(row.fileSize);
    expect(readGpsLatitude((await sharp(stored!.data).metadata()).exif)).toBeNull();
    expect(storage.urlFor(row.thumbnailKey!)).toBe(
      `http://localhost:3000/system/media/media_attachments/${row.id}/small.webp`,
    );

    expect(await getMediaAttachment(handle.db, row.id)).toEqual(row);
  });

  it("returns null for an unknown id", async () => {
    expect(await getMediaAttachment(handle.db, 1n)).toBeNull();
  });

  it("merges extra meta without letting it override the measured sizes", async () => {
    const row = await createMediaAttachment(deps, {
      data: await pngWithGps(100, 100),
      extraMeta: { generation: { prompt: "a cat", model: "builtin:sketch" }, original: { width: 1 } },
    });
    expect(row.meta).toMatchObject({
      generation: { prompt: "a cat", model: "builtin:sketch" },
      original: { width: 100, height: 100 },
    });
    expect(row.accountId).toBeNull();
    expect(row.description).toBeNull();
  });

  it("removes the stored files when the database insert fails", async () => {
    const before = await storedFiles();
    const failingDb = {
      ...handle.db,
      insert: () => {
        throw new Error("database is down");
      },
    } as unknown as MediaDeps["db"];
    await expect(
      createMediaAttachment({ ...deps, db: failingDb }, { data: await pngWithGps(64, 64) }),
    ).rejects.toThrow("database is down");
    expect(await storedFiles()).toEqual(before);
  });

  it("removes the first file when storing the second fails", async () => {
    const before = await storedFiles();
    const flaky: MediaStorage = {
      put: (key, data, type) =>
        key.endsWith("small.webp") ? Promise.reject(new Error("disk full")) : storage.put(key, data, type),
      get: (key) => storage.get(key),
      delete: (key) => storage.delete(key),
      urlFor: (key) => storage.urlFor(key),
    };
    await expect(
      createMediaAttachment({ ...deps, storage: flaky }, { data: await pngWithGps(64, 64) }),
    ).rejects.toThrow("disk full");
    expect(await storedFiles()).toEqual(before);
  });

  it("refuses a bad description or focus before touching the image", async () => {
    const data = Buffer.from("not even an image");
    await expect(createMediaAttachment(deps, { data, description: "x".repeat(1501) })).rejects.toThrow(
      "The description is too long (maximum is 1500 characters)",
    );
    await expect(createMediaAttachment(deps, { data, focus: "2,0" })).rejects.toBeInstanceOf(MediaError);
  });
});

describe("refused uploads through the API error handler", () => {
  // A stand-in for the upload route: the real mapping from MediaError to Mastodon's error response.
  const app = new Hono();
  app.onError(handleError(pino({ level: "silent" })));
  app.post("/upload", async (c) => {
    const body = Buffer.from(await c.req.arrayBuffer());
    const row = await createMediaAttachment(deps, { data: body });
    return c.json({ id: String(row.id) });
  });
  const upload = (data: Uint8Array) => app.request("/upload", { method: "POST", body: new Uint8Array(data) });

  it.each([
    [
      "a 20000×20000 PNG bomb",
      () => pngBomb(20_000, 20_000),
      "The image is 20000×20000 pixels; the limit is 67,108,864 pixels",
    ],
    ["a truncated JPEG", truncatedJpeg, "The image file is truncated or corrupt"],
    [
      "an HTML file named .png",
      () => Buffer.from(HTML_DOCUMENT),
      "The file is not an image Atelier can read (detected: HTML text). Supported formats: JPEG, PNG, GIF, WebP or AVIF",
    ],
  ] as const)("answers %s with 422 and a clear message, storing nothing", async (_name, make, message) => {
    const before = await storedFiles();
    const res = await upload(await make());
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: message });
    expect(await storedFiles()).toEqual(before);
  });
});

describe("parseFocus", () => {
  it("accepts Mastodon's x,y in [-1, 1]", () => {
    expect(parseFocus("0,0")).toEqual({ x: 0, y: 0 });
    expect(parseFocus(" -1.0 , 1 ")).toEqual({ x: -1, y: 1 });
  });
  it.each(["", "0", "0,0,0", "a,b", "1.5,0", "0,", ",0", "NaN,0", "Infinity,0"])("refuses %j", (focus) => {
    expect(() => parseFocus(focus)).toThrow(MediaError);
  });
});
