// Where media files live: local disk under DATA_DIR by default, S3-compatible storage when S3_* is
// set. Domain code only sees this interface; keys look like `media_attachments/<id>/original.webp`.
import path from "node:path";
import type { Config } from "../config.ts";
import { DiskMediaStorage } from "./storage-disk.ts";
import { S3MediaStorage } from "./storage-s3.ts";

export interface StoredFile {
  data: Buffer;
  contentType: string;
}

export interface MediaStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The file, or null when nothing is stored under the key. */
  get(key: string): Promise<StoredFile | null>;
  /** Removes the file; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** The public URL clients fetch the file from. */
  urlFor(key: string): string;
}

/** URL path under which the disk store's files are served (src/api/media-files.ts). */
export const MEDIA_URL_PREFIX = "/system/media/";

export function createMediaStorage(config: Config): MediaStorage {
  if (config.s3) return new S3MediaStorage(config.s3);
  return new DiskMediaStorage(path.join(config.dataDir, "media"), `${config.publicUrl}${MEDIA_URL_PREFIX}`);
}

export { assertValidMediaKey, isValidMediaKey } from "./keys.ts";
