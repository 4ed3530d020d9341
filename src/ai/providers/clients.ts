// AI SDK model objects for the configured cloud and self-hosted providers. Chat goes through
// `openai.chat` (the Chat Completions API every OpenAI-compatible server speaks; plain `openai(id)`
// would call the Responses API), images through the Images API, embeddings through /embeddings.
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { EmbeddingModel, ImageModel, LanguageModel } from "ai";
import type { ModelRef, ProviderName } from "../model-ref.ts";

export interface ProviderSettings {
  openaiApiKey?: string | undefined;
  openaiBaseUrl?: string | undefined;
  googleApiKey?: string | undefined;
  /** Base URL of an OpenAI-compatible server for `openai-compatible:*` models (Ollama, vLLM…). */
  compatibleBaseUrl?: string | undefined;
  compatibleApiKey?: string | undefined;
  /** Replaces global fetch (tests count requests through it). */
  fetch?: typeof fetch | undefined;
}

export interface ProviderClients {
  language(model: ModelRef): LanguageModel;
  image(model: ModelRef): ImageModel;
  embedding(model: ModelRef): EmbeddingModel;
}

export class ProviderConfigError extends Error {
  override name = "ProviderConfigError";
}

/** What is missing for a provider to work, or null when it is ready. */
export function missingSettings(provider: ProviderName, settings: ProviderSettings): string | null {
  switch (provider) {
    case "openai":
      return settings.openaiApiKey || settings.openaiBaseUrl ? null : "OPENAI_API_KEY (or OPENAI_BASE_URL)";
    case "google":
      return settings.googleApiKey ? null : "GOOGLE_GENERATIVE_AI_API_KEY";
    case "openai-compatible":
      return settings.compatibleBaseUrl || settings.openaiBaseUrl
        ? null
        : "OPENAI_COMPATIBLE_BASE_URL (or OPENAI_BASE_URL)";
    case "builtin":
      return null;
  }
}

export function createProviderClients(settings: ProviderSettings): ProviderClients {
  const fetchOption = settings.fetch ? { fetch: settings.fetch } : {};
  const openai = createOpenAI({
    // A local OpenAI-compatible server usually wants no key, but the SDK insists on one.
    apiKey: settings.openaiApiKey ?? "not-needed",
    ...(settings.openaiBaseUrl && { baseURL: settings.openaiBaseUrl }),
    ...fetchOption,
  });
  const google = createGoogleGenerativeAI({ apiKey: settings.googleApiKey ?? "", ...fetchOption });
  const compatibleBaseUrl = settings.compatibleBaseUrl ?? settings.openaiBaseUrl;
  const compatible = compatibleBaseUrl
    ? createOpenAICompatible({
        name: "openai-compatible",
        baseURL: compatibleBaseUrl,
        ...(settings.compatibleApiKey && { apiKey: settings.compatibleApiKey }),
        includeUsage: true,
        ...fetchOption,
      })
    : null;

  const needCompatible = () => {
    if (!compatible) throw new ProviderConfigError("OPENAI_COMPATIBLE_BASE_URL is not set");
    return compatible;
  };
  return {
    language(model) {
      if (model.provider === "openai") return openai.chat(model.name);
      if (model.provider === "google") return google.languageModel(model.name);
      if (model.provider === "openai-compatible") return needCompatible().chatModel(model.name);
      throw new ProviderConfigError(`${model.id} is not served by an AI SDK provider`);
    },
    image(model) {
      if (model.provider === "openai") return openai.image(model.name);
      if (model.provider === "google") return google.image(model.name);
      if (model.provider === "openai-compatible") return needCompatible().imageModel(model.name);
      throw new ProviderConfigError(`${model.id} is not served by an AI SDK provider`);
    },
    embedding(model) {
      if (model.provider === "openai") return openai.embedding(model.name);
      if (model.provider === "google") return google.embedding(model.name);
      if (model.provider === "openai-compatible") return needCompatible().embeddingModel(model.name);
      throw new ProviderConfigError(`${model.id} is not served by an AI SDK provider`);
    },
  };
}
