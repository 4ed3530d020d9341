// The built-in engine's image model: a deterministic procedural renderer. Each picture is composed
// as SVG from the prompt's words (scene.ts) and rasterised to PNG by sharp (librsvg), so the same
// prompt, style, seed and size always give identical pixels, and needs no network or GPU.
//
// `builtin:blank` is the zero-latency model for benchmarks and queue tests: one flat colour per
// prompt, no composition — it measures everything around generation, not the generation itself.
import sharp from "sharp";
import type { ImageGenerationRequest } from "../types.ts";
import { buildPalette } from "./palette.ts";
import { createRng, hashString } from "./random.ts";
import { composeScene } from "./scene.ts";
import { readPrompt } from "./vocabulary.ts";

/** Model ids the built-in engine serves for images (`builtin:` + one of these). */
export const BUILTIN_IMAGE_MODELS = ["sketch", "blank"] as const;

/** Longest side a pixel-art picture is drawn at before it is scaled up with hard edges. */
const PIXEL_ART_SIDE = 112;

let artificialDelayMs = 0;

/**
 * Makes every built-in picture take at least this long (spread over its progress steps), so tests
 * can stop a server mid-generation. Set from `AI_BUILTIN_IMAGE_DELAY_MS` by the server; 0 by default.
 */
export function setBuiltinImageDelay(ms: number): void {
  artificialDelayMs = Math.max(0, ms);
}

export async function renderBuiltinImages(
  request: ImageGenerationRequest,
  modelName: string,
): Promise<Uint8Array[]> {
  const { width, height } = request.size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size must be whole positive numbers, got ${width}×${height}`);
  }
  const blank = modelName.replace(/^builtin:/, "") === "blank";
  const count = Math.max(1, request.n);
  const steps = artificialDelayMs > 0 ? 10 : 1;
  const sourceDataUrl =
    request.sourceImage && !blank ? await sourceAsDataUrl(request.sourceImage, width, height) : undefined;
  const images: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    for (let step = 1; step < steps; step++) {
      await pause(artificialDelayMs / steps / count, request.signal);
      request.onProgress?.((index + step / steps) / count);
    }
    request.signal?.throwIfAborted();
    const png = blank
      ? await renderBlank(request, width, height)
      : await renderScene(request, index, width, height, sourceDataUrl);
    images.push(png);
    request.onProgress?.((index + 1) / count);
  }
  return images;
}

async function renderScene(
  request: ImageGenerationRequest,
  index: number,
  width: number,
  height: number,
  sourceDataUrl: string | undefined,
): Promise<Uint8Array> {
  const style = request.style;
  const probe = composeScene({
    prompt: request.prompt,
    style,
    seed: request.seed,
    index,
    width,
    height,
    sourceDataUrl,
  });
  if (probe.style !== "pixel") {
    return sharp(Buffer.from(probe.svg), { density: 72 }).png({ compressionLevel: 6 }).toBuffer();
  }
  // Pixel art: draw small, then scale up with nearest-neighbour and a reduced palette.
  const scale = PIXEL_ART_SIDE / Math.max(width, height);
  const small = composeScene({
    prompt: request.prompt,
    style,
    seed: request.seed,
    index,
    width: Math.max(8, Math.round(width * scale)),
    height: Math.max(8, Math.round(height * scale)),
    sourceDataUrl,
  });
  const raster = await sharp(Buffer.from(small.svg)).png().toBuffer();
  return sharp(raster)
    .resize({ width, height, kernel: "nearest", fit: "fill" })
    .png({ palette: true, colours: 16, dither: 0 }) // 16: sharp sizes the palette by bit depth
    .toBuffer();
}

/** One flat colour, chosen like a scene palette's sky (so it still follows colour words). */
async function renderBlank(
  request: ImageGenerationRequest,
  width: number,
  height: number,
): Promise<Uint8Array> {
  const reading = readPrompt(request.prompt, request.style);
  const rng = createRng(hashString(`${request.prompt}\u0000${request.seed}`));
  const palette = buildPalette({ colours: reading.colours, moods: reading.moods, style: reading.style, rng });
  const background = palette.skyBottom;
  return sharp({ create: { width, height, channels: 3, background } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

async function sourceAsDataUrl(
  source: Uint8Array,
  width: number,
  height: number,
): Promise<string | undefined> {
  try {
    const png = await sharp(source, { limitInputPixels: 64 * 1024 * 1024 })
      .resize({ width: Math.min(width, 512), height: Math.min(height, 512), fit: "cover" })
      .png()
      .toBuffer();
    return `data:image/png;base64,${png.toString("base64")}`;
  } catch {
    return undefined; // an unreadable source only loses the faint underpainting
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
