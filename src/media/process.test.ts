import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isBlurhashValid } from "blurhash";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { MediaError } from "./errors.ts";
import { processImage, sniffImageType, THUMBNAIL_MAX_SIDE } from "./process.ts";
import {
  GPS_LATITUDE,
  HTML_DOCUMENT,
  patternImage,
  pngBomb,
  pngWithGps,
  readGpsLatitude,
  truncatedJpeg,
} from "./test-fixtures.ts";

const limits = { maxBytes: 16 * 1024 * 1024, maxPixels: 8192 * 8192 };

/** Runs processImage and returns the MediaError it must throw. */
async function refusal(input: Buffer, custom = limits): Promise<MediaError> {
  const err = await processImage(input, custom).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaError);
  return err as MediaError;
}

describe("processImage: privacy", () => {
  it("removes GPS EXIF from a PNG upload", async () => {
    const upload = await pngWithGps();
    // The fixture must really carry GPS, or the assertion below could pass vacuously.
    expect(readGpsLatitude((await sharp(upload).metadata()).exif)).toBe(GPS_LATITUDE);

    const result = await processImage(upload, limits);
    for (const file of [result.original, result.thumbnail]) {
      const meta = await sharp(file.data).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(readGpsLatitude(meta.exif)).toBeNull();
      expect(file.data.includes(Buffer.from("AtelierCam"))).toBe(false);
    }
  });

  it("applies the EXIF orientation before dropping it", async () => {
    // A 300×100 JPEG marked "rotate 90° clockwise" must come out 100×300.
    const upload = await patternImage(300, 100).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(upload).metadata()).orientation).toBe(6);

    const result = await processImage(upload, limits);
    expect([result.original.width, result.original.height]).toEqual([100, 300]);
    expect((await sharp(result.original.data).metadata()).orientation).toBeUndefined();
  });

  it("embeds provenance XMP in the original when asked, still without EXIF", async () => {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>';
    const result = await processImage(await pngWithGps(), limits, { xmp });
    const meta = await sharp(result.original.data).metadata();
    expect(meta.xmp?.toString()).toContain("adobe:ns:meta/");
    expect(readGpsLatitude(meta.exif)).toBeNull();
  });
});

describe("processImage: refusals (422 with a clear message)", () => {
  it("refuses a 20000×20000 PNG bomb from its header, before decoding", async () => {
    const bomb = pngBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(2000);
    const meta = await sharp(bomb, { limitInputPixels: false }).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 20_000, 20_000]);

    const err = await refusal(bomb);
    expect(err.status).toBe(422);
    expect(err.message).toBe("The image is 20000×20000 pixels; the limit is 67,108,864 pixels");
  });

  it("refuses a truncated JPEG", async () => {
    const err = await refusal(await truncatedJpeg());
    expect(err.status).toBe(422);
    expect(err.message).toBe("The image file is truncated or corrupt");
  });

  it("refuses a PNG within the pixel limit whose pixel data is missing", async () => {
    const err = await refusal(pngBomb(2000, 2000));
    expect(err.status).toBe(422);
    expect(err.message).toBe("The image file is truncated or corrupt");
  });

  it("refuses an HTML file named .png, going by its bytes", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "atelier-media-"));
    const file = path.join(dir, "cat.png");
    await fs.writeFile(file, HTML_DOCUMENT);
    try {
      const err = await refusal(await fs.readFile(file));
      expect(err.status).toBe(422);
      expect(err.message).toBe(
        "The file is not an image Atelier can read (detected: HTML text). " +
          "Supported formats: JPEG, PNG, GIF, WebP or AVIF",
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses SVG, which can carry script", async () => {
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>');
    const err = await refusal(svg);
    expect(err.message).toContain(
      "detected: SVG image, which is not accepted because it can contain scripts",
    );
  });

  it("refuses an empty file and one over the byte limit", async () => {
    expect((await refusal(Buffer.alloc(0))).message).toBe("The file is empty");
    const png = await patternImage(200, 200).png().toBuffer();
    const err = await refusal(png, { maxBytes: 2048, maxPixels: limits.maxPixels });
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/^The file is \d+ KB; the limit is 2 KB$/);
  });

  it("refuses a PNG header over a JPEG body (format mismatch)", async () => {
    const jpeg = await patternImage(64, 64).jpeg().toBuffer();
    const forged = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), jpeg]);
    expect((await refusal(forged)).message).toBe("The image file is truncated or corrupt");
  });
});

describe("processImage: outputs", () => {
  it("makes a WebP original and a ≤640px thumbnail with Mastodon-shaped meta and a blurhash", async () => {
    const upload = await patternImage(1600, 900).jpeg().toBuffer();
    const result = await processImage(upload, limits);

    expect(result.sourceFormat).toBe("jpeg");
    expect(result.original).toMatchObject({
      contentType: "image/webp",
      extension: "webp",
      width: 1600,
      height: 900,
    });
    expect(result.thumbnail).toMatchObject({
      contentType: "image/webp",
      width: THUMBNAIL_MAX_SIDE,
      height: 360,
    });
    expect((await sharp(result.original.data).metadata()).format).toBe("webp");
    expect(result.meta).toEqual({
      original: { width: 1600, height: 900, size: "1600x900", aspect: 1.777778 },
      small: { width: 640, height: 360, size: "640x360", aspect: 1.777778 },
    });
    expect(isBlurhashValid(result.blurhash)).toEqual({ result: true });
    expect(result.blurhash).toHaveLength(4 + 2 * 4 * 3); // header + 4×3 components
  });

  it("caps the original at 4096px and never upscales small images", async () => {
    const big = await processImage(await patternImage(5000, 1000).png().toBuffer(), limits);
    expect([big.original.width, big.original.height]).toEqual([4096, 819]);
    const small = await processImage(await patternImage(40, 30).png().toBuffer(), limits);
    expect([small.original.width, small.thumbnail.width]).toEqual([40, 40]);
  });

  it("keeps transparency", async () => {
    const upload = await sharp({ create: { width: 50, height: 50, channels: 4, background: "#ff000000" } })
      .png()
      .toBuffer();
    const result = await processImage(upload, limits);
    expect((await sharp(result.original.data).metadata()).hasAlpha).toBe(true);
  });

  it("takes the first frame of an animated GIF", async () => {
    const frame = (background: string) =>
      sharp({ create: { width: 40, height: 40, channels: 3, background } })
        .png()
        .toBuffer();
    const frames = [await frame("#00ff00"), await frame("#ff0000")];
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);

    const result = await processImage(gif, limits);
    expect(result.sourceFormat).toBe("gif");
    expect([result.original.width, result.original.height]).toEqual([40, 40]);
    const { dominant } = await sharp(result.original.data).stats();
    expect(dominant.g).toBeGreaterThan(200);
    expect(dominant.r).toBeLessThan(50);
  });

  it("reads WebP and AVIF uploads", async () => {
    for (const format of ["webp", "avif"] as const) {
      const upload = await patternImage(64, 48).toFormat(format).toBuffer();
      const result = await processImage(upload, limits);
      expect(result.sourceFormat).toBe(format);
      expect([result.original.width, result.original.height]).toEqual([64, 48]);
    }
  });
});

describe("sniffImageType", () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ["JPEG", Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "jpeg"],
    ["PNG", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), "png"],
    ["GIF", Buffer.from("GIF89a\x01\x00"), "gif"],
    ["WebP", Buffer.from("RIFF\x10\x00\x00\x00WEBPVP8 "), "webp"],
    ["AVIF", Buffer.from("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "latin1"), "avif"],
  ];
  it.each(cases)("recognizes %s by its magic bytes", (_name, bytes, format) => {
    expect(sniffImageType(bytes)).toMatchObject({ supported: true, format });
  });

  const others: Array<[string, string]> = [
    ["%PDF-1.7\n", "PDF document"],
    ["\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIC/HEIF photo; please convert it to JPEG"],
    ["\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2", "MP4/QuickTime video"],
    ["II*\x00\x08\x00\x00\x00", "TIFF image"],
    ['{"not": "an image"}', "JSON text"],
    ["just some words\n", "plain text"],
    ["  <!doctype html><p>hi", "HTML text"],
  ];
  it.each(others)("names %j as %s", (content, detected) => {
    expect(sniffImageType(Buffer.from(content, "latin1"))).toEqual({ supported: false, detected });
  });

  it("sees through a UTF-8 byte-order mark", () => {
    const html = Buffer.from("\uFEFF<html><body>hi</body></html>", "utf8");
    expect(sniffImageType(html)).toEqual({ supported: false, detected: "HTML text" });
  });
});
