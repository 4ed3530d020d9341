// Text, streaming text, vision and embeddings through AI SDK models. Retries are ours (withFallback),
// so every SDK call runs with maxRetries: 0.
import {
  type EmbeddingModel,
  embedMany,
  generateText,
  type LanguageModel,
  type ModelMessage,
  streamText,
} from "ai";
import type { ModelRef } from "../model-ref.ts";
import type { AiUsage, GeneratedText, TextGenerationRequest } from "../types.ts";
import { estimateTextCost } from "./prices.ts";

export async function generateProviderText(
  model: ModelRef,
  languageModel: LanguageModel,
  request: Pick<TextGenerationRequest, "system" | "maxOutputTokens" | "temperature">,
  messages: ModelMessage[],
  signal: AbortSignal,
): Promise<GeneratedText> {
  const result = await generateText({
    model: languageModel,
    ...(request.system !== undefined && { system: request.system }),
    messages,
    ...(request.maxOutputTokens !== undefined && { maxOutputTokens: request.maxOutputTokens }),
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    maxRetries: 0,
    abortSignal: signal,
  });
  return {
    text: result.text,
    model: model.id,
    provider: model.provider,
    usage: textUsage(model, result.usage.inputTokens, result.usage.outputTokens),
  };
}

export interface StartedStream {
  first: string;
  rest: AsyncIterator<string>;
  usage: () => AiUsage;
}

/**
 * Starts a streamed answer and waits for its first piece of text, so that a failure before any
 * text (an error status, a malformed first chunk, a timeout) can still fall back to the next model.
 * `signal` bounds only that first phase; `streamSignal` bounds the whole stream.
 */
export async function startProviderStream(
  model: ModelRef,
  languageModel: LanguageModel,
  request: TextGenerationRequest,
  signal: AbortSignal,
  streamSignal: AbortSignal,
): Promise<StartedStream> {
  const controller = new AbortController();
  const abortFirstPhase = () => controller.abort(signal.reason);
  signal.addEventListener("abort", abortFirstPhase, { once: true });
  const abortStream = () => controller.abort(streamSignal.reason);
  streamSignal.addEventListener("abort", abortStream, { once: true });
  let usage: AiUsage = {};
  const result = streamText({
    model: languageModel,
    ...(request.system !== undefined && { system: request.system }),
    messages: request.messages,
    ...(request.maxOutputTokens !== undefined && { maxOutputTokens: request.maxOutputTokens }),
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    maxRetries: 0,
    abortSignal: controller.signal,
    onError: () => {}, // errors arrive as `error` parts below
  });
  async function* texts(): AsyncGenerator<string> {
    try {
      for await (const part of result.fullStream) {
        if (part.type === "text-delta" && part.text) yield part.text;
        else if (part.type === "error") throw part.error;
        else if (part.type === "abort") throw controller.signal.reason ?? new Error("the stream was aborted");
        else if (part.type === "finish") {
          usage = textUsage(model, part.totalUsage.inputTokens, part.totalUsage.outputTokens);
        }
      }
    } finally {
      streamSignal.removeEventListener("abort", abortStream);
    }
  }
  const iterator = texts();
  try {
    const first = await iterator.next();
    return { first: first.done ? "" : first.value, rest: iterator, usage: () => usage };
  } catch (err) {
    await iterator.return(undefined).catch(() => {});
    throw err;
  } finally {
    signal.removeEventListener("abort", abortFirstPhase);
  }
}

export async function embedWithProvider(
  model: ModelRef,
  embeddingModel: EmbeddingModel,
  texts: string[],
  signal: AbortSignal,
): Promise<{ vectors: number[][]; usage: AiUsage }> {
  const result = await embedMany({
    model: embeddingModel,
    values: texts,
    maxRetries: 0,
    abortSignal: signal,
  });
  return { vectors: result.embeddings, usage: textUsage(model, result.usage.tokens, 0) };
}

export function textUsage(
  model: ModelRef,
  inputTokens: number | undefined,
  outputTokens: number | undefined,
): AiUsage {
  const usage: AiUsage = {};
  if (inputTokens !== undefined) usage.inputTokens = inputTokens;
  if (outputTokens !== undefined && outputTokens > 0) usage.outputTokens = outputTokens;
  const cost = estimateTextCost(model.id, inputTokens, outputTokens);
  if (cost !== undefined) usage.costUsd = cost;
  return usage;
}
