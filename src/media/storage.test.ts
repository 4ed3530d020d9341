import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createMediaStorage, isValidMediaKey } from "./storage.ts";
import { DiskMediaStorage } from "./storage-disk.ts";
import { S3MediaStorage } from "./storage-s3.ts";

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "atelier-disk-"));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("createMediaStorage", () => {
  it("uses the disk under DATA_DIR/media by default, served under PUBLIC_URL", () => {
    const storage = createMediaStorage(loadConfig({ DATA_DIR: dir, PUBLIC_URL: "https://social.example/" }));
    expect(storage).toBeInstanceOf(DiskMediaStorage);
    expect((storage as DiskMediaStorage).root).toBe(path.join(dir, "media"));
    expect(storage.urlFor("media_attachments/1/original.webp")).toBe(
      "https://social.example/system/media/media_attachments/1/original.webp",
    );
  });

  it("uses S3 when S3_BUCKET is set", () => {
    const storage = createMediaStorage(
      loadConfig({ DATA_DIR: dir, S3_BUCKET: "media", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" }),
    );
    expect(storage).toBeInstanceOf(S3MediaStorage);
    expect(storage.urlFor("a/b.webp")).toBe("https://media.s3.us-east-1.amazonaws.com/a/b.webp");
  });
});

describe("DiskMediaStorage", () => {
  const key = "media_attachments/42/original.webp";
  const disk = () => new DiskMediaStorage(path.join(dir, "media"), "http://localhost:3000/system/media/");

  it("puts, gets and deletes a file, returning the content type it was put with", async () => {
    const storage = disk();
    await storage.put(key, Buffer.from("webp bytes"), "image/webp");
    expect(
      await fs.readFile(path.join(dir, "media", "media_attachments", "42", "original.webp"), "utf8"),
    ).toBe("webp bytes");
    expect(await storage.get(key)).toEqual({ data: Buffer.from("webp bytes"), contentType: "image/webp" });

    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    // The empty per-attachment folder goes too; deleting again is fine.
    await expect(fs.stat(path.join(dir, "media", "media_attachments"))).rejects.toThrow();
    await storage.delete(key);
  });

  it("keeps a folder that still holds another file", async () => {
    const storage = disk();
    await storage.put(key, Buffer.from("a"), "image/webp");
    await storage.put("media_attachments/42/small.webp", Buffer.from("b"), "image/webp");
    await storage.delete(key);
    expect((await storage.get("media_attachments/42/small.webp"))?.data.toString()).toBe("b");
  });

  it("overwrites atomically and leaves no temporary files", async () => {
    const storage = disk();
    await storage.put(key, Buffer.from("first"), "image/webp");
    await storage.put(key, Buffer.from("second"), "image/webp");
    expect((await storage.get(key))?.data.toString()).toBe("second");
    expect(await fs.readdir(path.join(dir, "media", "media_attachments", "42"))).toEqual(["original.webp"]);
  });

  it("returns null for a missing file", async () => {
    expect(await disk().get("media_attachments/404/original.webp")).toBeNull();
  });

  it("refuses a content type the key's extension does not name", async () => {
    await expect(disk().put("x/file.webp", Buffer.from("<html>"), "text/html")).rejects.toThrow(
      /implies image\/webp/,
    );
    await expect(disk().put("x/file.html", Buffer.from("<html>"), "text/html")).rejects.toThrow(
      /no known type/,
    );
  });

  it.each([
    "../escape.webp",
    "a/../../escape.webp",
    "/etc/passwd.png",
    "a//b.webp",
    "a\\b.webp",
    ".hidden.webp",
    "a/b/",
    "",
    "a/%2e%2e/b.webp",
  ])("refuses the unsafe key %j", async (bad) => {
    expect(isValidMediaKey(bad)).toBe(false);
    await expect(disk().put(bad, Buffer.from("x"), "image/webp")).rejects.toThrow(
      /Invalid media storage key/,
    );
    await expect(disk().get(bad)).rejects.toThrow(/Invalid media storage key/);
    expect(() => disk().urlFor(bad)).toThrow(/Invalid media storage key/);
  });
});
