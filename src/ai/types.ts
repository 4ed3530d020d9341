// The contract between the AI provider layer (registry, providers, built-in engine) and the features
// that use it (image jobs, writing help, alt text, embeddings, the assistant). Features call an
// `AiService`; they never import a provider or the AI SDK directly.

export type AiCapability = "text" | "image" | "embedding" | "vision";

/** One configured model, as listed by GET /api/v1/ai/models. */
export interface AiModelInfo {
  /** `provider:model`, e.g. `openai:gpt-image-1`, `builtin:sketch`. */
  id: string;
  provider: string;
  capabilities: AiCapability[];
}

export interface ImageSize {
  width: number;
  height: number;
}

export interface ImageGenerationRequest {
  prompt: string;
  /** How many images (1..4). */
  n: number;
  size: ImageSize;
  /** Same prompt + seed + model → same picture where the model allows it (the built-in one always). */
  seed: number;
  /** A style word such as "watercolor", "pixel", "photo"; providers fold it into the prompt. */
  style?: string;
  /** Image-to-image source (a remix), encoded PNG/JPEG/WebP; ignored by models that cannot use it. */
  sourceImage?: Uint8Array;
  /** `provider:model` to use instead of the configured default list. */
  model?: string;
  signal?: AbortSignal;
  /** 0..1 as the generation advances. */
  onProgress?: (fraction: number) => void;
}

export interface GeneratedImages {
  /** Encoded images (PNG unless the provider returned another format). */
  images: Uint8Array[];
  /** `provider:model` that produced them (after any fallback). */
  model: string;
  provider: string;
  usage?: AiUsage;
}

export interface AiUsage {
  inputTokens?: number;
  outputTokens?: number;
  images?: number;
  /** Estimated cost in US dollars, where the model's price is known. */
  costUsd?: number;
}

/** A model refused, or every configured model failed; `reason` is safe to show to the person. */
export class AiUnavailableError extends Error {
  override name = "AiUnavailableError";
}

/** A prompt or output was refused by moderation; `reason` says why in plain words. */
export class AiRefusedError extends Error {
  override name = "AiRefusedError";
}

export interface ModerationVerdict {
  flagged: boolean;
  /** Plain-words reason when flagged, e.g. "the prompt mentions graphic violence". */
  reason?: string;
}

/**
 * What features use. Built once by the composition root (`createAiService` in registry.ts) from the
 * config; the built-in engine answers whatever no configured provider does. Methods grow as features
 * land (text, embeddings, vision); each one tries the capability's models in order (fallback list).
 */
export interface AiService {
  models(): AiModelInfo[];
  generateImages(request: ImageGenerationRequest): Promise<GeneratedImages>;
  /** Checks a prompt or generated text (OpenAI moderation when configured, else the blocklist). */
  moderate(text: string, signal?: AbortSignal): Promise<ModerationVerdict>;
}
