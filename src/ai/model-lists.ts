// AI_*_MODEL → an ordered model list per capability (the built-in engine where nothing is set),
// checked at startup: a bad entry or a provider without its key stops the server with a message
// naming the variable.
import { type Config, ConfigError } from "../config.ts";
import { BUILTIN_MODELS, type ModelRef, ModelRefError, parseModelRef } from "./model-ref.ts";
import { missingSettings, type ProviderSettings } from "./providers/clients.ts";
import type { AiCapability } from "./types.ts";

const ENV_NAMES: Record<AiCapability, string> = {
  text: "AI_TEXT_MODEL",
  image: "AI_IMAGE_MODEL",
  embedding: "AI_EMBEDDING_MODEL",
  vision: "AI_VISION_MODEL",
};

export const CAPABILITIES: AiCapability[] = ["text", "image", "embedding", "vision"];

export type AiConfig = Config["ai"];

/** Ordered model lists per capability; throws ConfigError naming the variable on a bad entry. */
export function resolveModelLists(ai: AiConfig): Record<AiCapability, ModelRef[]> {
  const configured: Record<AiCapability, string[]> = {
    text: ai.textModels,
    image: ai.imageModels,
    embedding: ai.embeddingModels,
    vision: ai.visionModels,
  };
  const lists = {} as Record<AiCapability, ModelRef[]>;
  for (const capability of CAPABILITIES) {
    const ids = configured[capability].length ? configured[capability] : [BUILTIN_MODELS[capability]];
    lists[capability] = ids.map((id) => {
      const fail = (why: string) =>
        new ConfigError(`Invalid configuration:\n  ${ENV_NAMES[capability]}: ${why}`);
      let ref: ModelRef;
      try {
        ref = parseModelRef(id);
      } catch (err) {
        throw err instanceof ModelRefError ? fail(err.message) : err;
      }
      const missing = missingSettings(ref.provider, settingsOf(ai));
      if (missing) throw fail(`${ref.id} needs ${missing}`);
      // Any builtin:* name reaches the image renderer (it knows its styles); the others have one model.
      if (ref.provider === "builtin" && capability !== "image" && ref.id !== BUILTIN_MODELS[capability]) {
        throw fail(`the built-in ${capability} model is ${BUILTIN_MODELS[capability]}, not ${ref.id}`);
      }
      return ref;
    });
  }
  return lists;
}

export function settingsOf(ai: AiConfig): ProviderSettings {
  return {
    openaiApiKey: ai.openaiApiKey,
    openaiBaseUrl: ai.openaiBaseUrl,
    googleApiKey: ai.googleApiKey,
    compatibleBaseUrl: ai.compatibleBaseUrl,
    compatibleApiKey: ai.compatibleApiKey,
  };
}

/** Whether moderation goes to OpenAI's endpoint (else only the blocklist applies). */
export function usesOpenAiModeration(ai: AiConfig): boolean {
  if (ai.moderation === "blocklist") return false;
  if (ai.moderation === "openai") {
    if (!ai.openaiApiKey && !ai.openaiBaseUrl) {
      throw new ConfigError("Invalid configuration:\n  AI_MODERATION: openai needs OPENAI_API_KEY");
    }
    return true;
  }
  // auto: an OPENAI_BASE_URL pointing elsewhere (Ollama, vLLM…) has no moderation endpoint.
  return (
    Boolean(ai.openaiApiKey) && (!ai.openaiBaseUrl || new URL(ai.openaiBaseUrl).hostname === "api.openai.com")
  );
}
