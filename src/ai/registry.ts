// The composition root of the AI layer: reads AI_*_MODEL into an ordered model list per capability
// (the built-in engine when nothing is set), checks each provider has what it needs, and answers
// every AiService call by trying the list in order (see fallback.ts for timeouts and retries).
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { describeBuiltin } from "./builtin/alt-text.ts";
import { BUILTIN_EMBEDDING_DIMENSIONS, embedBuiltin } from "./builtin/embeddings.ts";
import { renderBuiltinImages } from "./builtin/image-renderer.ts";
import { improveBuiltin } from "./builtin/writing.ts";
import { committedStream } from "./committed-stream.ts";
import { DEFAULT_RETRY_POLICY, ModelCannotError, type RetryPolicy, withFallback } from "./fallback.ts";
import { CAPABILITIES, resolveModelLists, settingsOf, usesOpenAiModeration } from "./model-lists.ts";
import type { ModelRef } from "./model-ref.ts";
import {
  blocklistModerator,
  DEFAULT_BLOCKLIST,
  type ModerationImage,
  openAiModeration,
} from "./moderation.ts";
import { startAgent } from "./providers/agent.ts";
import { createProviderClients } from "./providers/clients.ts";
import { generateProviderImages } from "./providers/images.ts";
import { embedWithProvider, generateProviderText, startProviderStream } from "./providers/text.ts";
import { describeWithVision, improveWithModel } from "./providers/writing.ts";
import type { AiCapability, AiModelInfo, AiService, ModerationVerdict } from "./types.ts";

export interface AiServiceOptions {
  logger?: Logger;
  /** Replaces global fetch for every provider call. */
  fetch?: typeof fetch;
  /** Overrides the configured timeout and retries for text, embedding, vision and moderation calls. */
  policy?: Partial<RetryPolicy>;
  /** The same for image generation. */
  imagePolicy?: Partial<RetryPolicy>;
}

/** A `model` the caller asked for that is not in the capability's configured list (a 422). */
export class ModelNotConfiguredError extends Error {
  override name = "ModelNotConfiguredError";
  readonly status = 422;
}

const OPENAI_MODERATION_MODEL: ModelRef = {
  id: "openai:omni-moderation-latest",
  provider: "openai",
  name: "omni-moderation-latest",
};

export function createAiService(config: Pick<Config, "ai">, options: AiServiceOptions = {}): AiService {
  const ai = config.ai;
  const lists = resolveModelLists(ai);
  const clients = createProviderClients({ ...settingsOf(ai), fetch: options.fetch });
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    timeoutMs: ai.timeoutMs,
    retries: ai.retries,
    ...options.policy,
  };
  const imagePolicy: RetryPolicy = { ...policy, timeoutMs: ai.imageTimeoutMs, ...options.imagePolicy };
  const logger = options.logger?.child({ component: "ai" });
  // The AI SDK prints provider warnings (an unsupported setting…) to the console; ours go to the log.
  if (logger) {
    globalThis.AI_SDK_LOG_WARNINGS = ({ warnings, provider, model }) =>
      logger.warn({ warnings, provider, model }, "AI provider warning");
  }
  const blocklist = blocklistModerator(ai.blocklist ?? DEFAULT_BLOCKLIST);
  const openAiModerationOn = usesOpenAiModeration(ai);
  const moderateWithOpenAi = async (input: string | ModerationImage, signal: AbortSignal | undefined) => {
    const settings = {
      apiKey: ai.openaiApiKey,
      baseUrl: ai.openaiBaseUrl ?? "https://api.openai.com/v1",
      model: OPENAI_MODERATION_MODEL.name,
      fetch: options.fetch,
    };
    const { value } = await run<ModerationVerdict>(
      "moderation",
      [OPENAI_MODERATION_MODEL],
      signal,
      (_ref, s) => openAiModeration(settings, input, s),
    );
    return value;
  };

  /** The list to try: the configured one, or just the requested model when it is configured. */
  function pick(capability: AiCapability, requested: string | undefined): ModelRef[] {
    if (!requested) return lists[capability];
    const found = lists[capability].find((ref) => ref.id === requested.trim());
    if (!found) {
      const configured = lists[capability].map((ref) => ref.id).join(", ");
      throw new ModelNotConfiguredError(
        `${requested} is not a configured ${capability} model (configured: ${configured})`,
      );
    }
    return [found];
  }
  const run = <T>(
    capability: AiCapability | "moderation",
    models: ModelRef[],
    signal: AbortSignal | undefined,
    call: (model: ModelRef, signal: AbortSignal) => Promise<T>,
    retryPolicy = policy,
  ) => withFallback(models, { capability, policy: retryPolicy, signal, logger }, call);

  const cannotWrite = () =>
    new ModelCannotError("cannot write free text (the built-in engine has no language model)");

  return {
    models() {
      const byId = new Map<string, AiModelInfo>();
      for (const capability of CAPABILITIES) {
        for (const ref of lists[capability]) {
          const info = byId.get(ref.id) ?? { id: ref.id, provider: ref.provider, capabilities: [] };
          info.capabilities.push(capability);
          byId.set(ref.id, info);
        }
      }
      return [...byId.values()];
    },

    async generateImages(request) {
      const { value, model } = await run(
        "image",
        pick("image", request.model),
        request.signal,
        async (ref, signal) => {
          if (ref.provider === "builtin") {
            const images = await renderBuiltinImages({ ...request, signal }, ref.name);
            return { images, usage: { images: images.length, costUsd: 0 } };
          }
          const result = await generateProviderImages(ref, clients.image(ref), request, signal);
          request.onProgress?.(1);
          return result;
        },
        imagePolicy,
      );
      return { images: value.images, model: model.id, provider: model.provider, usage: value.usage };
    },

    async moderate(text, signal) {
      const local = blocklist(text);
      if (local.flagged || !openAiModerationOn) return local;
      return moderateWithOpenAi(text, signal);
    },

    async moderateImage(image, mediaType, signal) {
      if (!openAiModerationOn) return { flagged: false };
      return moderateWithOpenAi({ image, mediaType }, signal);
    },

    async generateText(request) {
      const { value } = await run(
        "text",
        pick("text", request.model),
        request.signal,
        async (ref, signal) => {
          if (ref.provider === "builtin") throw cannotWrite();
          return generateProviderText(ref, clients.language(ref), request, request.messages, signal);
        },
      );
      return value;
    },

    async streamText(request) {
      // After the first piece of text, the stream is bounded by an idle timeout instead of the
      // per-try timeout (a long answer may take minutes, but should never stall for long).
      const idle = new AbortController();
      const streamSignal = request.signal ? AbortSignal.any([request.signal, idle.signal]) : idle.signal;
      const { value: started, model } = await run(
        "text",
        pick("text", request.model),
        request.signal,
        (ref, signal) => {
          if (ref.provider === "builtin") throw cannotWrite();
          return startProviderStream(ref, clients.language(ref), request, signal, streamSignal);
        },
      );
      return committedStream(started, model, idle, policy.timeoutMs);
    },

    async embed(request) {
      const { value, model } = await run(
        "embedding",
        pick("embedding", request.model),
        request.signal,
        (ref, signal) => {
          if (ref.provider === "builtin") {
            const vectors = request.texts.map((text) => embedBuiltin(text));
            return Promise.resolve({ vectors, usage: { costUsd: 0 } });
          }
          return embedWithProvider(ref, clients.embedding(ref), request.texts, signal);
        },
      );
      const dimensions =
        value.vectors[0]?.length ?? (model.provider === "builtin" ? BUILTIN_EMBEDDING_DIMENSIONS : 0);
      return {
        vectors: value.vectors,
        dimensions,
        model: model.id,
        provider: model.provider,
        usage: value.usage,
      };
    },

    async describeImage(request) {
      const { value, model } = await run("vision", lists.vision, request.signal, (ref, signal) => {
        if (ref.provider === "builtin") return describeBuiltin(request.image, request.generationPrompt);
        return describeWithVision(ref, clients.language(ref), request, signal);
      });
      return { ...value, model: model.id, provider: model.provider };
    },

    runAgent(request) {
      const models = lists.text
        .filter((ref) => ref.provider !== "builtin")
        .map((ref) => ({ ref, model: clients.language(ref) }));
      return startAgent(models, request, policy.timeoutMs);
    },

    async improveText(request) {
      const { value, model } = await run("text", lists.text, request.signal, async (ref, signal) => {
        if (ref.provider === "builtin") {
          return { ...(await improveBuiltin(request.text, request.tone)), usage: { costUsd: 0 } };
        }
        return improveWithModel(ref, clients.language(ref), request, signal);
      });
      return { ...value, model: model.id, provider: model.provider };
    },
  };
}
