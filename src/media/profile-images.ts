// Avatars and headers: validated by the same pipeline as uploads, then cropped to Mastodon's sizes.
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { type MediaLimits, processImage } from "./process.ts";
import type { MediaStorage } from "./storage.ts";

const SIZES = { avatar: { width: 400, height: 400 }, header: { width: 1500, height: 500 } } as const;

/** Stores the image and returns its media-store key; the previous one is deleted by the caller. */
export async function storeProfileImage(
  deps: { storage: MediaStorage; limits: MediaLimits },
  accountId: bigint,
  kind: keyof typeof SIZES,
  data: Buffer,
): Promise<string> {
  const image = await processImage(data, deps.limits);
  const { width, height } = SIZES[kind];
  const cropped = await sharp(image.original.data)
    .resize(width, height, { fit: "cover", withoutEnlargement: false })
    .webp({ quality: 85 })
    .toBuffer();
  // A fresh name per upload, so caches never serve the old picture under the new URL.
  const key = `accounts/${accountId}/${kind}-${randomBytes(6).toString("hex")}.webp`;
  await deps.storage.put(key, cropped, "image/webp");
  return key;
}
