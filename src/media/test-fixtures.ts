// Image fixtures for the media tests, made on the fly so the repository carries no binary files.
// Only test files import this module.
import { crc32, deflateSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";

/** A deterministic RGB pattern that compresses poorly, so encoders do real work. */
export function patternImage(width: number, height: number): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919 + (i >> 7) * 31) % 251;
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

export const GPS_LATITUDE = "51/1 30/1 0/1";

/** A PNG carrying EXIF with a GPS position (the Royal Observatory, give or take). */
export function pngWithGps(width = 320, height = 200): Promise<Buffer> {
  return patternImage(width, height)
    .withExif({
      IFD0: { Make: "AtelierCam", Model: "Test 1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: GPS_LATITUDE,
        GPSLongitudeRef: "W",
        GPSLongitude: "0/1 0/1 5/1",
      },
    })
    .png()
    .toBuffer();
}

/** A JPEG cut off halfway through its pixel data. */
export async function truncatedJpeg(): Promise<Buffer> {
  const jpeg = await patternImage(400, 300).jpeg({ quality: 90 }).toBuffer();
  return jpeg.subarray(0, Math.floor(jpeg.length / 2));
}

/**
 * A tiny, well-formed PNG whose header claims `width`×`height` pixels: the shape of a decompression
 * bomb, without the test having to hold gigabytes. The IDAT holds just one row of zeros.
 */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const oneRow = Buffer.alloc(1 + width * 3); // filter byte + pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(oneRow)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export const HTML_DOCUMENT = `<!DOCTYPE html>
<html><head><title>Not an image</title></head>
<body><script>alert(document.cookie)</script></body></html>
`;

/**
 * Reads GPSLatitude out of a raw EXIF block (a TIFF structure, as sharp's metadata() returns it),
 * or null when there is no GPS IFD. A small reader of our own, so the test checks the bytes rather
 * than trusting the library that wrote them.
 */
export function readGpsLatitude(exif: Buffer | undefined): string | null {
  if (!exif) return null;
  const tiff = exif.subarray(0, 6).toString("latin1") === "Exif\0\0" ? exif.subarray(6) : exif;
  const little = tiff.subarray(0, 2).toString("latin1") === "II";
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const findEntry = (ifd: number, tag: number): number | null => {
    const count = u16(ifd);
    for (let i = 0; i < count; i++) if (u16(ifd + 2 + i * 12) === tag) return ifd + 2 + i * 12;
    return null;
  };
  const gpsPointer = findEntry(u32(4), 0x8825);
  if (gpsPointer === null) return null;
  const latitude = findEntry(u32(gpsPointer + 8), 0x0002);
  if (latitude === null) return null;
  const values = u32(latitude + 8);
  return [0, 1, 2].map((i) => `${u32(values + i * 8)}/${u32(values + i * 8 + 4)}`).join(" ");
}
