// Media on local disk, under DATA_DIR/media by default. A file's content type comes from its key's
// extension, so nothing else needs storing beside it; put() insists the two agree, which keeps get()
// returning exactly what was put and keeps the served types to a fixed list of image types.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { assertValidMediaKey, contentTypeForKey } from "./keys.ts";
import type { MediaStorage, StoredFile } from "./storage.ts";

export class DiskMediaStorage implements MediaStorage {
  readonly root: string;
  readonly baseUrl: string;

  /** `baseUrl` is the public URL prefix the files are served under, ending in `/`. */
  constructor(root: string, baseUrl: string) {
    this.root = path.resolve(root);
    this.baseUrl = baseUrl;
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    const file = this.pathFor(key);
    const expected = contentTypeForKey(key);
    if (expected !== contentType) {
      throw new Error(
        `Disk media storage: key ${key} implies ${expected ?? "no known type"}, not ${contentType}`,
      );
    }
    try {
      await writeAtomically(file, data);
    } catch (err) {
      // A concurrent delete() may have pruned the folder between mkdir and write; once more is enough.
      if (!isMissing(err)) throw err;
      await writeAtomically(file, data);
    }
  }

  async get(key: string): Promise<StoredFile | null> {
    const contentType = contentTypeForKey(key);
    const file = this.pathFor(key);
    if (!contentType) return null;
    try {
      return { data: await fs.readFile(file), contentType };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    await fs.rm(file, { force: true });
    await this.removeEmptyParents(path.dirname(file));
  }

  urlFor(key: string): string {
    assertValidMediaKey(key);
    return `${this.baseUrl}${key}`;
  }

  private pathFor(key: string): string {
    assertValidMediaKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  /** Drops the per-attachment folders a delete leaves empty, stopping at the first non-empty one. */
  private async removeEmptyParents(dir: string): Promise<void> {
    for (let current = dir; current.startsWith(this.root + path.sep); current = path.dirname(current)) {
      try {
        await fs.rmdir(current);
      } catch {
        return; // not empty (or already gone): leave it and everything above it
      }
    }
  }
}

/** Write then rename, so a reader never sees half a file. */
async function writeAtomically(file: string, data: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  // The dot prefix keeps the temporary name outside the key alphabet, so it can never be served.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}
