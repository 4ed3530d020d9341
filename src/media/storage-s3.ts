// Media in S3 or any S3-compatible store (MinIO, Ceph, R2, Garage, …), chosen when S3_BUCKET is set.
// Clients fetch files straight from the bucket (or S3_PUBLIC_URL, e.g. a CDN), so the bucket or its
// CDN must allow public reads of these keys; Atelier does not set per-object ACLs, which many
// S3-compatible stores and modern AWS buckets reject.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { Config } from "../config.ts";
import { assertValidMediaKey } from "./keys.ts";
import type { MediaStorage, StoredFile } from "./storage.ts";

export type S3Settings = NonNullable<Config["s3"]>;

/** Files never change under a key (a new upload gets a new id), so caches may keep them forever. */
const CACHE_CONTROL = "public, max-age=31536000, immutable";

export class S3MediaStorage implements MediaStorage {
  readonly client: S3Client;
  private readonly settings: S3Settings;

  constructor(settings: S3Settings) {
    this.settings = settings;
    this.client = new S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle,
      ...(settings.accessKeyId && settings.secretAccessKey
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
        : {}),
      // Newer SDKs add CRC checksums to every request by default; several S3-compatible servers
      // reject or mishandle those, so only send them where the API requires it.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    assertValidMediaKey(key);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: key,
        Body: data,
        ContentType: contentType,
        ContentLength: data.length,
        CacheControl: CACHE_CONTROL,
      }),
    );
  }

  async get(key: string): Promise<StoredFile | null> {
    assertValidMediaKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      return {
        data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        contentType: out.ContentType ?? "application/octet-stream",
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidMediaKey(key);
    // S3's DeleteObject succeeds for missing keys, matching the interface's contract.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  urlFor(key: string): string {
    assertValidMediaKey(key);
    return `${this.baseUrl()}/${key}`;
  }

  /** S3_PUBLIC_URL if set; otherwise the bucket's own address in the style the client uses. */
  private baseUrl(): string {
    const { publicUrl, endpoint, bucket, region, forcePathStyle } = this.settings;
    if (publicUrl) return publicUrl.replace(/\/+$/, "");
    if (!endpoint) return `https://${bucket}.s3.${region}.amazonaws.com`;
    const url = new URL(endpoint);
    const base = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
    return forcePathStyle
      ? `${base}/${bucket}`
      : `${url.protocol}//${bucket}.${url.host}${url.pathname.replace(/\/+$/, "")}`;
  }
}

function isNotFound(err: unknown): boolean {
  if (!(err instanceof S3ServiceException)) return false;
  return err.name === "NoSuchKey" || err.name === "NotFound" || err.$metadata.httpStatusCode === 404;
}
