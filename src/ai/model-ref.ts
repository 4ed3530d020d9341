// `provider:model` references from AI_*_MODEL, and the built-in defaults used when none is set.
import type { AiCapability } from "./types.ts";

export type ProviderName = "openai" | "google" | "openai-compatible" | "builtin";

export const PROVIDERS: readonly ProviderName[] = ["openai", "google", "openai-compatible", "builtin"];

export interface ModelRef {
  /** `provider:model` as configured, e.g. `openai:gpt-4.1-mini`. */
  id: string;
  provider: ProviderName;
  /** The provider's own model name; may itself hold colons (Ollama's `llama3.2:3b`). */
  name: string;
}

/** The built-in engine's model per capability; their ids say what they are. */
export const BUILTIN_MODELS: Record<AiCapability, string> = {
  text: "builtin:writer",
  image: "builtin:sketch",
  embedding: "builtin:hashed-tfidf",
  vision: "builtin:describe",
};

export class ModelRefError extends Error {
  override name = "ModelRefError";
}

/** Splits at the first colon; throws ModelRefError for an unknown provider. */
export function parseModelRef(id: string): ModelRef {
  const trimmed = id.trim();
  const colon = trimmed.indexOf(":");
  if (colon <= 0 || colon === trimmed.length - 1) {
    throw new ModelRefError(`"${trimmed}" is not "provider:model"`);
  }
  const provider = trimmed.slice(0, colon);
  if (!(PROVIDERS as readonly string[]).includes(provider)) {
    throw new ModelRefError(`"${trimmed}": unknown provider "${provider}" (known: ${PROVIDERS.join(", ")})`);
  }
  return { id: trimmed, provider: provider as ProviderName, name: trimmed.slice(colon + 1) };
}
