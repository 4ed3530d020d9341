// Media attachments as a domain service: process an upload, store its files, record the row.
// No HTTP here; the API layer maps MediaError to `{"error": …}` with its status.
import { eq } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { newId } from "../db/ids.ts";
import { mediaAttachments, statuses } from "../db/schema.ts";
import { MediaError } from "./errors.ts";
import { type MediaLimits, type ProcessOptions, processImage } from "./process.ts";
import type { MediaStorage } from "./storage.ts";

export type MediaAttachmentRow = typeof mediaAttachments.$inferSelect;

export interface MediaDeps {
  db: Executor;
  storage: MediaStorage;
  limits: MediaLimits;
}

export interface CreateMediaInput {
  /** Chosen by the caller when it must know the file keys before the row exists (generation jobs). */
  id?: bigint;
  accountId?: bigint | null;
  data: Buffer | Uint8Array;
  /** Alt text. */
  description?: string | null;
  /** Mastodon focal point, "x,y" with each from -1.0 to 1.0. */
  focus?: string | null;
  /** Extra metadata merged into `meta` (e.g. `generation` for AI images). */
  extraMeta?: Record<string, unknown>;
  /** XMP embedded in the stored original (e.g. IPTC DigitalSourceType for generated images). */
  xmp?: ProcessOptions["xmp"];
}

/** Mastodon's limit for media descriptions. */
export const DESCRIPTION_MAX_LENGTH = 1500;

export async function createMediaAttachment(
  deps: MediaDeps,
  input: CreateMediaInput,
): Promise<MediaAttachmentRow> {
  // Cheap checks first, so a bad field is reported before the image is decoded.
  const description = normalizeDescription(input.description);
  const focus = input.focus ? parseFocus(input.focus) : undefined;
  const image = await processImage(input.data, deps.limits, input.xmp ? { xmp: input.xmp } : {});

  const id = input.id ?? newId();
  const fileKey = mediaFileKey(id, "original", image.original.extension);
  const thumbnailKey = mediaFileKey(id, "small", image.thumbnail.extension);
  await storeBoth(deps.storage, [
    [fileKey, image.original.data, image.original.contentType],
    [thumbnailKey, image.thumbnail.data, image.thumbnail.contentType],
  ]);
  try {
    const [row] = await deps.db
      .insert(mediaAttachments)
      .values({
        id,
        accountId: input.accountId ?? null,
        type: "image",
        fileKey,
        contentType: image.original.contentType,
        fileSize: image.original.data.length,
        thumbnailKey,
        description,
        blurhash: image.blurhash,
        meta: { ...input.extraMeta, ...image.meta, ...(focus ? { focus } : {}) },
      })
      .returning();
    return row!;
  } catch (err) {
    // The row is the record of the files; without it they would be orphans nobody can delete.
    await removeQuietly(deps.storage, [fileKey, thumbnailKey]);
    throw err;
  }
}

function mediaFileKey(id: bigint, size: "original" | "small", extension: string): string {
  return `media_attachments/${id}/${size}.${extension}`;
}

/**
 * Deletes the files createMediaAttachment would have stored for `id` (processing always writes
 * WebP): for callers that chose the id up front and must clean up after an attempt that never
 * recorded its row (a generation job killed mid-way).
 */
export async function removeUnrecordedMediaFiles(storage: MediaStorage, id: bigint): Promise<void> {
  await removeQuietly(storage, [mediaFileKey(id, "original", "webp"), mediaFileKey(id, "small", "webp")]);
}

export async function getMediaAttachment(db: Executor, id: bigint): Promise<MediaAttachmentRow | null> {
  const [row] = await db.select().from(mediaAttachments).where(eq(mediaAttachments.id, id)).limit(1);
  return row ?? null;
}

function normalizeDescription(description: string | null | undefined): string | null {
  if (description == null || description.trim() === "") return null;
  if ([...description].length > DESCRIPTION_MAX_LENGTH) {
    throw new MediaError(`The description is too long (maximum is ${DESCRIPTION_MAX_LENGTH} characters)`);
  }
  return description;
}

/** Parses Mastodon's focus parameter, "x,y" with both in [-1, 1]. */
export function parseFocus(focus: string): { x: number; y: number } {
  const parts = focus.split(",").map((part) => part.trim());
  const [x, y] = parts.map((part) => (part === "" ? Number.NaN : Number(part)));
  const inRange = (n: number | undefined): n is number =>
    n !== undefined && Number.isFinite(n) && Math.abs(n) <= 1;
  if (parts.length !== 2 || !inRange(x) || !inRange(y)) {
    throw new MediaError('The focus must be two numbers from -1.0 to 1.0, like "0.5,-0.25"');
  }
  return { x, y };
}

type PutArgs = [key: string, data: Buffer, contentType: string];

/** Stores every file or none: if one put fails, the ones that succeeded are removed again. */
async function storeBoth(storage: MediaStorage, files: PutArgs[]): Promise<void> {
  const results = await Promise.allSettled(files.map(([key, data, type]) => storage.put(key, data, type)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (!failed) return;
  await removeQuietly(
    storage,
    files.filter((_, i) => results[i]!.status === "fulfilled").map(([key]) => key),
  );
  throw failed.reason;
}

/** Best-effort cleanup: the original error is what the caller needs to see, not a cleanup failure. */
async function removeQuietly(storage: MediaStorage, keys: string[]): Promise<void> {
  await Promise.allSettled(keys.map((key) => storage.delete(key)));
}

/** Updates alt text and focal point of one's own attachment (Mastodon's PUT /api/v1/media/:id). */
export async function updateMediaAttachment(
  db: Executor,
  id: bigint,
  accountId: bigint,
  update: { description?: string | null | undefined; focus?: string | undefined },
): Promise<MediaAttachmentRow | null> {
  const current = await getMediaAttachment(db, id);
  if (!current || current.accountId !== accountId) return null;
  const meta = update.focus ? { ...current.meta, focus: parseFocus(update.focus) } : current.meta;
  const description =
    update.description === undefined ? current.description : normalizeDescription(update.description);
  const [row] = await db
    .update(mediaAttachments)
    .set({ description, meta, updatedAt: new Date() })
    .where(eq(mediaAttachments.id, id))
    .returning();
  // Shown statuses are cached by their row version (src/social/statuses/hydrate.ts): a change to
  // attached media must renew its status's row.
  if (row?.statusId) await db.update(statuses).set({ id: row.statusId }).where(eq(statuses.id, row.statusId));
  return row ?? null;
}
