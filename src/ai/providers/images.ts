// Image generation through an AI SDK image model (OpenAI's Images API with b64_json, Gemini/Imagen,
// an OpenAI-compatible server). Cloud models only make a few sizes, so we ask for the closest one
// and then fit the result to the size the person asked for with sharp.
import { generateImage, type ImageModel } from "ai";
import sharp from "sharp";
import type { ModelRef } from "../model-ref.ts";
import type { AiUsage, ImageGenerationRequest, ImageSize } from "../types.ts";
import { estimateImageCost } from "./prices.ts";

/** Sizes OpenAI's image models accept (gpt-image-*, then dall-e-3). */
const OPENAI_SIZES: Record<string, ImageSize[]> = {
  "gpt-image": [
    { width: 1024, height: 1024 },
    { width: 1536, height: 1024 },
    { width: 1024, height: 1536 },
  ],
  "dall-e-3": [
    { width: 1024, height: 1024 },
    { width: 1792, height: 1024 },
    { width: 1024, height: 1792 },
  ],
  "dall-e-2": [
    { width: 256, height: 256 },
    { width: 512, height: 512 },
    { width: 1024, height: 1024 },
  ],
};

const GOOGLE_ASPECTS = ["1:1", "3:4", "4:3", "9:16", "16:9"] as const;

export interface ProviderImages {
  images: Uint8Array[];
  usage: AiUsage;
}

export async function generateProviderImages(
  model: ModelRef,
  imageModel: ImageModel,
  request: ImageGenerationRequest,
  signal: AbortSignal,
): Promise<ProviderImages> {
  const text = request.style ? `${request.prompt}, in ${request.style} style` : request.prompt;
  const canEdit = request.sourceImage && supportsImageInput(model);
  const result = await generateImage({
    model: imageModel,
    prompt: canEdit ? { text, images: [request.sourceImage!] } : text,
    n: request.n,
    // OpenAI's Images API has no seed; sending one only earns a warning.
    ...(model.provider !== "openai" && { seed: request.seed }),
    ...sizeOptions(model, request.size),
    maxRetries: 0, // withFallback retries, honouring Retry-After, and then falls back
    abortSignal: signal,
  });
  const images = await Promise.all(result.images.map((file) => fitToSize(file.uint8Array, request.size)));
  const usage: AiUsage = { images: images.length };
  if (result.usage.inputTokens !== undefined) usage.inputTokens = result.usage.inputTokens;
  if (result.usage.outputTokens !== undefined) usage.outputTokens = result.usage.outputTokens;
  const cost = estimateImageCost(model.id, images.length);
  if (cost !== undefined) usage.costUsd = cost;
  return { images, usage };
}

function supportsImageInput(model: ModelRef): boolean {
  if (model.provider === "openai") return model.name.startsWith("gpt-image");
  if (model.provider === "google") return model.name.includes("image");
  return false;
}

function sizeOptions(
  model: ModelRef,
  size: ImageSize,
): { size?: `${number}x${number}`; aspectRatio?: `${number}:${number}` } {
  if (model.provider === "google") {
    const ratio = size.width / size.height;
    const best = closest(GOOGLE_ASPECTS, (a) => {
      const [w, h] = a.split(":").map(Number) as [number, number];
      return Math.abs(Math.log(w / h / ratio));
    });
    return { aspectRatio: best as `${number}:${number}` };
  }
  if (model.provider === "openai") {
    const family = Object.keys(OPENAI_SIZES).find((prefix) => model.name.startsWith(prefix));
    if (family) {
      const best = closest(OPENAI_SIZES[family]!, (s) => {
        const aspect = Math.abs(Math.log(s.width / s.height / (size.width / size.height)));
        return aspect * 10 + Math.abs(Math.log((s.width * s.height) / (size.width * size.height)));
      });
      return { size: `${best.width}x${best.height}` };
    }
  }
  return { size: `${size.width}x${size.height}` };
}

function closest<T>(items: readonly T[], distance: (item: T) => number): T {
  let best = items[0] as T;
  for (const item of items) if (distance(item) < distance(best)) best = item;
  return best;
}

/** Scales and crops to exactly the requested size (PNG), leaving right-sized images untouched. */
async function fitToSize(bytes: Uint8Array, size: ImageSize): Promise<Uint8Array> {
  const meta = await sharp(bytes).metadata();
  if (meta.width === size.width && meta.height === size.height && meta.format === "png") return bytes;
  const png = await sharp(bytes).resize(size.width, size.height, { fit: "cover" }).png().toBuffer();
  return new Uint8Array(png);
}
