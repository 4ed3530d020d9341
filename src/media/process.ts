// Turns untrusted upload bytes into the files Atelier stores: a re-encoded original and a thumbnail,
// both WebP, with every piece of metadata (EXIF GPS, camera serials, XMP, ICC) gone, plus the
// dimensions and blurhash the MediaAttachment entity reports.
//
// Order matters for safety: size check, then magic-byte sniffing (so only JPEG/PNG/GIF/WebP/AVIF
// decoders ever run), then a header-only read to refuse decompression bombs before any pixel is
// decoded, then the decode itself with libvips' own pixel limit as a second guard.
//
// Animated GIF/WebP keep only their first frame: animation (Mastodon's "gifv") is out of scope.
// WebP for both outputs: it keeps transparency, is smaller than JPEG, and every current Mastodon
// client and browser displays it.
import { encode as encodeBlurhash } from "blurhash";
import sharp, { type Metadata, type SharpOptions } from "sharp";
import { MediaError } from "./errors.ts";
import { type ImageFormat, SUPPORTED_FORMATS_TEXT, sniffImageType } from "./sniff.ts";

export { type ImageFormat, type SniffResult, sniffImageType } from "./sniff.ts";

export interface MediaLimits {
  maxBytes: number;
  maxPixels: number;
}

export interface EncodedImage {
  data: Buffer;
  contentType: string;
  extension: string;
  width: number;
  height: number;
}

/** One entry of Mastodon's MediaAttachment `meta` (`original` or `small`). */
export interface ImageMetaSize {
  width: number;
  height: number;
  size: string;
  aspect: number;
}

export interface ProcessedImage {
  original: EncodedImage;
  thumbnail: EncodedImage;
  blurhash: string;
  meta: { original: ImageMetaSize; small: ImageMetaSize };
  /** The format the upload was sniffed as. */
  sourceFormat: ImageFormat;
}

export interface ProcessOptions {
  /** XMP packet to embed in the original, e.g. IPTC provenance for generated images. */
  xmp?: string;
}

/** Longest side of the stored original; larger uploads are scaled down, smaller never up. */
export const ORIGINAL_MAX_SIDE = 4096;
/** Longest side of the thumbnail, Mastodon's "small" size. */
export const THUMBNAIL_MAX_SIDE = 640;

export async function processImage(
  input: Buffer | Uint8Array,
  limits: MediaLimits,
  options: ProcessOptions = {},
): Promise<ProcessedImage> {
  const bytes = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  checkByteSize(bytes.length, limits.maxBytes);
  const sourceFormat = sniffOrRefuse(bytes);
  const header = await readHeader(bytes, sourceFormat);
  checkPixels(header.width, header.height, limits.maxPixels);

  const decode = decodeOptions(limits.maxPixels);
  const [original, thumbnail] = await Promise.all([
    encodeWebp(bytes, decode, ORIGINAL_MAX_SIDE, 85, options.xmp),
    encodeWebp(bytes, decode, THUMBNAIL_MAX_SIDE, 80),
  ]);
  const blurhash = await computeBlurhash(thumbnail.data);
  return {
    original,
    thumbnail,
    blurhash,
    meta: { original: metaSize(original), small: metaSize(thumbnail) },
    sourceFormat,
  };
}

function checkByteSize(size: number, maxBytes: number): void {
  if (size === 0) throw new MediaError("The file is empty");
  if (size > maxBytes) {
    throw new MediaError(`The file is ${formatSize(size)}; the limit is ${formatSize(maxBytes)}`);
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}

function sniffOrRefuse(bytes: Buffer): ImageFormat {
  const sniffed = sniffImageType(bytes);
  if (sniffed.supported) return sniffed.format;
  throw new MediaError(
    `The file is not an image Atelier can read (detected: ${sniffed.detected}). ` +
      `Supported formats: ${SUPPORTED_FORMATS_TEXT}`,
  );
}

// libvips names AVIF's container "heif"; AV1 is the only compression it can decode in that container.
const SHARP_FORMAT: Record<ImageFormat, string> = {
  jpeg: "jpeg",
  png: "png",
  gif: "gif",
  webp: "webp",
  avif: "heif",
};

/** Reads only the header (no pixel decoding), so a bomb's claimed size is seen before it costs memory. */
async function readHeader(bytes: Buffer, format: ImageFormat): Promise<Metadata> {
  let header: Metadata;
  try {
    header = await sharp(bytes, { limitInputPixels: false, failOn: "error" }).metadata();
  } catch {
    throw corrupt();
  }
  const mismatch =
    header.format !== SHARP_FORMAT[format] || (format === "avif" && header.compression !== "av1");
  if (mismatch || !header.width || !header.height) throw corrupt();
  return header;
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height <= maxPixels) return;
  throw new MediaError(
    `The image is ${width}×${height} pixels; the limit is ${maxPixels.toLocaleString("en-US")} pixels`,
  );
}

function corrupt(): MediaError {
  return new MediaError("The image file is truncated or corrupt");
}

function decodeOptions(maxPixels: number): SharpOptions {
  // failOn "error" also refuses truncated data, which the default would let through half-grey.
  return { failOn: "error", limitInputPixels: maxPixels, autoOrient: true, pages: 1 };
}

async function encodeWebp(
  bytes: Buffer,
  decode: SharpOptions,
  maxSide: number,
  quality: number,
  xmp?: string,
): Promise<EncodedImage> {
  // No keepMetadata/withMetadata: sharp's output then carries no EXIF, XMP or ICC (pixels are
  // converted to sRGB first), which is what strips GPS. autoOrient has already applied the rotation.
  let pipeline = sharp(bytes, decode)
    .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
    .webp({ quality, effort: 4 });
  if (xmp) pipeline = pipeline.withXmp(xmp);
  try {
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, contentType: "image/webp", extension: "webp", width: info.width, height: info.height };
  } catch {
    throw corrupt();
  }
}

/** Blurhash from a tiny copy of the thumbnail; transparency is laid on white, as clients show it. */
async function computeBlurhash(thumbnail: Buffer): Promise<string> {
  const { data, info } = await sharp(thumbnail)
    .flatten({ background: "#ffffff" })
    .resize({ width: 32, height: 32, fit: "inside" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return encodeBlurhash(new Uint8ClampedArray(data), info.width, info.height, 4, 3);
}

function metaSize(image: EncodedImage): ImageMetaSize {
  const aspect = Math.round((image.width / image.height) * 1e6) / 1e6;
  return { width: image.width, height: image.height, size: `${image.width}x${image.height}`, aspect };
}
