// The assistant's tool-calling loop on AI SDK models: `streamText` with tools and `stopWhen` (one
// step per model call). Tools with `execute` (reads) run inside the SDK's loop and the model
// continues with their results; a tool without `execute` (a write waiting for the person's
// confirmation) leaves its call unanswered, which ends the loop — the SDK's way of handing a call
// to someone else. The turn's response messages are returned as an opaque transcript, so the next
// turn (or the confirmation) continues the same conversation.
import {
  isStepCount,
  jsonSchema,
  type LanguageModel,
  type ModelMessage,
  streamText,
  type ToolSet,
  tool,
} from "ai";
import type { ModelRef } from "../model-ref.ts";
import {
  type AgentEvent,
  type AgentHistoryItem,
  type AgentRequest,
  type AgentResult,
  type AgentRun,
  type AgentToolCall,
  AiUnavailableError,
} from "../types.ts";
import { textUsage } from "./text.ts";

export interface AgentModel {
  ref: ModelRef;
  model: LanguageModel;
}

/** The history as AI SDK messages; tool results of once-pending calls become tool messages. */
export function toModelMessages(history: AgentHistoryItem[]): ModelMessage[] {
  const messages: ModelMessage[] = [];
  for (const item of history) {
    if ("transcript" in item) messages.push(...(item.transcript as ModelMessage[]));
    else if ("toolResults" in item) {
      if (!item.toolResults.length) continue;
      messages.push({
        role: "tool",
        content: item.toolResults.map((result) => ({
          type: "tool-result" as const,
          toolCallId: result.id,
          toolName: result.name,
          output: result.isError
            ? { type: "error-text" as const, value: String(result.output) }
            : { type: "json" as const, value: (result.output ?? null) as never },
        })),
      });
    } else if (item.content.trim()) messages.push({ role: item.role, content: item.content });
  }
  return messages;
}

function toolSet(request: AgentRequest): ToolSet {
  const tools: ToolSet = {};
  for (const spec of request.tools) {
    const execute = spec.execute;
    const definition = {
      description: spec.description,
      inputSchema: jsonSchema<Record<string, unknown>>(spec.inputSchema as never),
      ...(execute
        ? {
            execute: (input: Record<string, unknown>, options: { abortSignal?: AbortSignal }) =>
              execute(input, options.abortSignal ?? new AbortController().signal),
          }
        : {}),
    };
    tools[spec.name] = tool(definition as never) as ToolSet[string];
  }
  return tools;
}

/**
 * Starts the turn on the first model that answers; a model failing before its first event falls
 * back to the next. `timeoutMs` bounds each model call.
 */
export async function startAgent(
  models: AgentModel[],
  request: AgentRequest,
  timeoutMs: number,
): Promise<AgentRun> {
  if (!models.length) {
    throw new AiUnavailableError(
      "No language model is configured (AI_TEXT_MODEL); the built-in engine cannot call tools",
    );
  }
  let lastError: unknown;
  for (const candidate of models) {
    request.signal?.throwIfAborted();
    try {
      return await startOn(candidate, request, timeoutMs);
    } catch (err) {
      if (request.signal?.aborted) throw err;
      lastError = err;
    }
  }
  throw new AiUnavailableError(`Every text model failed: ${(lastError as Error)?.message ?? "no answer"}`);
}

async function startOn(candidate: AgentModel, request: AgentRequest, timeoutMs: number): Promise<AgentRun> {
  const { ref } = candidate;
  const executable = new Set(request.tools.filter((t) => t.execute).map((t) => t.name));
  const controller = new AbortController();
  const signals = [controller.signal, AbortSignal.timeout(timeoutMs * request.maxSteps)];
  if (request.signal) signals.push(request.signal);
  const result = streamText({
    model: candidate.model,
    system: request.system,
    messages: toModelMessages(request.history),
    tools: toolSet(request),
    stopWhen: isStepCount(request.maxSteps),
    ...(request.maxOutputTokens !== undefined && { maxOutputTokens: request.maxOutputTokens }),
    maxRetries: 0,
    abortSignal: AbortSignal.any(signals),
    onError: () => {}, // errors arrive as `error` parts
  });
  let text = "";
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  const calls = new Map<string, AgentToolCall>();
  const answered = new Set<string>();

  async function* events(): AsyncGenerator<AgentEvent> {
    for await (const part of result.fullStream) {
      switch (part.type) {
        case "text-delta":
          if (part.text) {
            text += part.text;
            yield { type: "text", text: part.text };
          }
          break;
        case "tool-call": {
          const call = {
            id: part.toolCallId,
            name: part.toolName,
            input: (part.input ?? {}) as Record<string, unknown>,
          };
          calls.set(call.id, call);
          yield { type: "tool_call", ...call };
          break;
        }
        case "tool-result":
          answered.add(part.toolCallId);
          yield { type: "tool_result", id: part.toolCallId, name: part.toolName, output: part.output };
          break;
        case "tool-error":
          answered.add(part.toolCallId);
          yield {
            type: "tool_result",
            id: part.toolCallId,
            name: part.toolName,
            output: part.error instanceof Error ? part.error.message : String(part.error),
            isError: true,
          };
          break;
        case "finish":
          inputTokens = part.totalUsage.inputTokens;
          outputTokens = part.totalUsage.outputTokens;
          break;
        case "error":
          throw part.error;
        case "abort":
          throw new AiUnavailableError(`${ref.id} stopped answering`);
      }
    }
  }

  let resolveResult!: (value: AgentResult) => void;
  let rejectResult!: (err: unknown) => void;
  const settled = new Promise<AgentResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  settled.catch(() => {});
  const iterator = events();
  // Wait for the first event so a model that fails at once can fall back to the next.
  let first: IteratorResult<AgentEvent>;
  try {
    first = await iterator.next();
  } catch (err) {
    controller.abort();
    throw err;
  }
  async function* replay(): AsyncGenerator<AgentEvent> {
    try {
      if (!first.done) {
        yield first.value;
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          yield next.value;
        }
      }
      const transcript = (await result.responseMessages) as unknown[];
      const pending = [...calls.values()].filter(
        (call) => !answered.has(call.id) && !executable.has(call.name),
      );
      resolveResult({
        text,
        transcript,
        pending,
        model: ref.id,
        provider: ref.provider,
        usage: textUsage(ref, inputTokens, outputTokens),
      });
    } catch (err) {
      rejectResult(err);
      throw err;
    } finally {
      controller.abort();
    }
  }
  return { model: ref.id, provider: ref.provider, events: replay(), result: settled };
}
