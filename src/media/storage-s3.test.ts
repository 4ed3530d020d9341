// The S3 backend against a real S3-compatible server on loopback (s3rver), so the actual AWS SDK
// client, its request signing and its XML parsing are exercised end to end. s3rver checks the access
// key id but not V4 signatures, so the auth-failure test uses an unknown key id.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3MediaStorage, type S3Settings } from "./storage-s3.ts";

const BUCKET = "atelier-media";
let server: S3rver;
let dir: string;
let settings: S3Settings;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "atelier-s3-"));
  server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  settings = {
    bucket: BUCKET,
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: "S3RVER", // s3rver's fixed credentials
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
    publicUrl: undefined,
  };
});

afterAll(async () => {
  await server?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe("S3MediaStorage", () => {
  const key = "media_attachments/7/original.webp";

  it("puts, gets and deletes an object", async () => {
    const storage = new S3MediaStorage(settings);
    const data = Buffer.from([0, 1, 2, 250, 251, 252]);
    await storage.put(key, data, "image/webp");
    expect(await storage.get(key)).toEqual({ data, contentType: "image/webp" });

    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key); // deleting a missing key is not an error
  });

  it("stores objects with a long-lived cache header", async () => {
    const storage = new S3MediaStorage(settings);
    await storage.put(key, Buffer.from("x"), "image/webp");
    const res = await fetch(`${settings.endpoint}/${BUCKET}/${key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    await storage.delete(key);
  });

  it("returns null for a key that was never stored", async () => {
    expect(await new S3MediaStorage(settings).get("media_attachments/404/original.webp")).toBeNull();
  });

  it("surfaces authentication failures instead of treating them as missing", async () => {
    const wrong = new S3MediaStorage({ ...settings, accessKeyId: "NOT-A-KEY" });
    await expect(wrong.put(key, Buffer.from("x"), "image/webp")).rejects.toMatchObject({
      name: "InvalidAccessKeyId",
    });
    await expect(wrong.get(key)).rejects.toMatchObject({ name: "InvalidAccessKeyId" });
  });

  it("refuses unsafe keys before any request", async () => {
    const storage = new S3MediaStorage(settings);
    await expect(storage.put("../x.webp", Buffer.from("x"), "image/webp")).rejects.toThrow(
      /Invalid media storage key/,
    );
  });

  it("builds public URLs: S3_PUBLIC_URL, then path- or host-style endpoint, then AWS", () => {
    const url = (over: Partial<S3Settings>) =>
      new S3MediaStorage({ ...settings, ...over }).urlFor("a/b.webp");
    expect(url({ publicUrl: "https://cdn.example/media/" })).toBe("https://cdn.example/media/a/b.webp");
    expect(url({ endpoint: "http://minio.local:9000" })).toBe(`http://minio.local:9000/${BUCKET}/a/b.webp`);
    expect(url({ endpoint: "https://r2.example", forcePathStyle: false })).toBe(
      `https://${BUCKET}.r2.example/a/b.webp`,
    );
    expect(url({ endpoint: undefined, region: "eu-west-1" })).toBe(
      `https://${BUCKET}.s3.eu-west-1.amazonaws.com/a/b.webp`,
    );
  });
});
