// Decides what an upload is from its first bytes, never from its name or the client's Content-Type,
// before any decoder sees it. libvips would happily load SVG, PDF, TIFF and more; only the formats
// below reach it, and everything else is named back to the person so they know what they sent.
export type ImageFormat = "jpeg" | "png" | "gif" | "webp" | "avif";

export type SniffResult =
  | { supported: true; format: ImageFormat; contentType: string }
  | { supported: false; detected: string };

const CONTENT_TYPES: Record<ImageFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
};

export const SUPPORTED_FORMATS_TEXT = "JPEG, PNG, GIF, WebP or AVIF";

/** What the bytes are: a supported image format, or a plain-words label for anything else. */
export function sniffImageType(bytes: Uint8Array): SniffResult {
  const format = sniffSupported(bytes);
  if (format) return { supported: true, format, contentType: CONTENT_TYPES[format] };
  return { supported: false, detected: describeUnsupported(bytes) };
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

function sniffSupported(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  const head = ascii(bytes, 0, 12);
  if (head.startsWith("GIF87a") || head.startsWith("GIF89a")) return "gif";
  if (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") return "webp";
  if (isoBrands(bytes).some((brand) => brand === "avif" || brand === "avis")) return "avif";
  return null;
}

/** The major and compatible brands of an ISO-BMFF file (AVIF, HEIC, MP4, MOV), or [] if it is not one. */
function isoBrands(bytes: Uint8Array): string[] {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return [];
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const end = Math.min(boxSize, bytes.length, 256);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

const HEIC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1"]);

function describeUnsupported(bytes: Uint8Array): string {
  if (bytes.length === 0) return "an empty file";
  return describeBinary(bytes) ?? describeText(bytes) ?? "unrecognized binary data";
}

function describeBinary(bytes: Uint8Array): string | null {
  const brands = isoBrands(bytes);
  if (brands.some((b) => HEIC_BRANDS.has(b))) return "HEIC/HEIF photo; please convert it to JPEG";
  if (brands.length > 0) return "MP4/QuickTime video";
  const head = ascii(bytes, 0, 12);
  if (head.startsWith("RIFF")) return `RIFF ${head.slice(8, 12).trim() || "container"} data`;
  if (head.startsWith("II*\0") || head.startsWith("MM\0*")) return "TIFF image";
  if (head.startsWith("BM")) return "BMP image";
  if (head.startsWith("%PDF-")) return "PDF document";
  if (head.startsWith("PK\x03\x04")) return "ZIP archive";
  if (startsWith(bytes, [0x1f, 0x8b])) return "gzip archive";
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return "WebM/Matroska video";
  if (head.startsWith("OggS")) return "Ogg audio/video";
  if (startsWith(bytes, [0xff, 0x0a]) || head.slice(4, 12) === "JXL \r\n\x87\n") return "JPEG XL image";
  return null;
}

/** Labels markup and text; SVG is called out because it is an image format that can carry script. */
function describeText(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, 1024);
  if (sample.includes(0)) return null; // text formats never contain NUL bytes
  const text = new TextDecoder("utf-8", { fatal: false })
    .decode(sample)
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (/<svg[\s>]/.test(text)) return "SVG image, which is not accepted because it can contain scripts";
  if (text.startsWith("<")) return describeMarkup(text);
  if (text.startsWith("{") || text.startsWith("[")) return "JSON text";
  if (isMostlyPrintable(sample)) return "plain text";
  return null;
}

function describeMarkup(text: string): string {
  if (/<(!doctype html|html|head|body|script)[\s>]/.test(text)) return "HTML text";
  if (text.startsWith("<?xml")) return "XML text";
  return "HTML or XML markup";
}

function isMostlyPrintable(sample: Uint8Array): boolean {
  let control = 0;
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  return control <= sample.length / 100;
}
