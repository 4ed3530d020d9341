// Runs one AI call against a capability's ordered model list: each model gets a timeout per try,
// retries with exponential backoff on 429/5xx, timeouts, network failures and malformed answers
// (waiting what Retry-After asks, when it asks for a reasonable time), then the next model takes
// over. When every model failed, AiUnavailableError says what happened to each, in plain words.
import { AISDKError, APICallError, RetryError } from "ai";
import type { Logger } from "../log.ts";
import type { ModelRef } from "./model-ref.ts";
import { AiRefusedError, AiUnavailableError } from "./types.ts";

export interface RetryPolicy {
  /** Longest one try may take before it is abandoned. */
  timeoutMs: number;
  /** Extra tries per model after the first (0 = one try). */
  retries: number;
  /** First backoff; doubles each retry (with jitter). */
  backoffMs: number;
  /** Longest wait between tries; a Retry-After beyond it moves on to the next model at once. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  timeoutMs: 60_000,
  retries: 2,
  backoffMs: 500,
  maxWaitMs: 20_000,
};

/** A model that cannot do what was asked (e.g. a chat model asked for images): skip it, no retry. */
export class ModelCannotError extends Error {
  override name = "ModelCannotError";
}

interface Failure {
  retryable: boolean;
  /** Plain-words reason, safe to show. */
  reason: string;
  /** Milliseconds the server asked us to wait (Retry-After), if it did. */
  retryAfterMs?: number;
}

export interface FallbackOptions {
  capability: string;
  policy: RetryPolicy;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
}

/** Tries `call` on each model in order; resolves with the first success and the model that gave it. */
export async function withFallback<T>(
  models: readonly ModelRef[],
  options: FallbackOptions,
  call: (model: ModelRef, signal: AbortSignal) => Promise<T>,
): Promise<{ value: T; model: ModelRef }> {
  const { policy, signal } = options;
  const failures: string[] = [];
  for (const model of models) {
    let lastReason = "";
    let tries = 0;
    for (let attempt = 0; attempt <= policy.retries; attempt++) {
      signal?.throwIfAborted();
      tries++;
      const timeout = new AbortController();
      const timer = setTimeout(
        () => timeout.abort(new Error(`timed out after ${seconds(policy.timeoutMs)}`)),
        policy.timeoutMs,
      );
      const trySignal = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
      try {
        const value = await call(model, trySignal);
        return { value, model };
      } catch (err) {
        if (signal?.aborted) throw signal.reason ?? err;
        if (err instanceof AiRefusedError) throw err;
        const failure = timeout.signal.aborted
          ? { retryable: true, reason: `timed out after ${seconds(policy.timeoutMs)}` }
          : classify(err);
        lastReason = failure.reason;
        options.logger?.warn(
          // The message only: the error object holds the whole request (people's posts, images).
          {
            model: model.id,
            capability: options.capability,
            attempt,
            reason: failure.reason,
            detail: errorDetail(err),
          },
          "AI call failed",
        );
        if (!failure.retryable || attempt === policy.retries) break;
        const wait = failure.retryAfterMs ?? backoff(policy, attempt);
        if (wait > policy.maxWaitMs) {
          lastReason += ` (asked to wait ${seconds(wait)})`;
          break;
        }
        await sleep(wait, signal);
      } finally {
        clearTimeout(timer);
      }
    }
    failures.push(`${model.id} ${lastReason}${tries > 1 ? ` (${tries} tries)` : ""}`);
  }
  throw new AiUnavailableError(
    models.length === 0
      ? `no ${options.capability} model is configured`
      : `every ${options.capability} model failed: ${failures.join("; ")}`,
  );
}

function classify(raw: unknown): Failure {
  const err = RetryError.isInstance(raw) ? raw.lastError : raw;
  if (err instanceof ModelCannotError) return { retryable: false, reason: err.message };
  if (APICallError.isInstance(err)) {
    const status = err.statusCode;
    const retryAfterMs = parseRetryAfter(err.responseHeaders);
    const detail = short(err.message);
    // The detail names the provider's address (the admin's business, in the log), not shown here.
    if (status === undefined) return { retryable: true, reason: "could not be reached" };
    // A 200 whose body could not be read (invalid JSON, wrong shape).
    if (status < 300) return { retryable: true, reason: `gave a malformed answer (${detail})` };
    if (status === 429) {
      return {
        retryable: true,
        reason: "is rate limited (429)",
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      };
    }
    if (status >= 500 || status === 408) {
      return {
        retryable: true,
        reason: `had a server error (${status})`,
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      };
    }
    if (status === 401 || status === 403)
      return { retryable: false, reason: `refused the credentials (${status})` };
    return { retryable: false, reason: `rejected the request (${status}: ${detail})` };
  }
  if (AISDKError.isInstance(err)) {
    // JSONParseError, TypeValidationError, InvalidResponseDataError, EmptyResponseBodyError,
    // NoContentGeneratedError, NoImageGeneratedError…: the server answered something unusable.
    return { retryable: true, reason: `gave a malformed answer (${short(err.message)})` };
  }
  if (err instanceof Error) return { retryable: true, reason: `failed (${short(err.message)})` };
  return { retryable: true, reason: "failed" };
}

/** Retry-After as seconds or an HTTP date, or OpenAI's retry-after-ms. */
export function parseRetryAfter(headers: Record<string, string> | undefined): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number.parseFloat(lower["retry-after-ms"] ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = lower["retry-after"];
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  if (!/[a-z]/i.test(value)) return undefined; // an HTTP date names its day and month
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function backoff(policy: RetryPolicy, attempt: number): number {
  const base = policy.backoffMs * 2 ** attempt;
  return Math.min(policy.maxWaitMs, Math.round(base * (0.75 + Math.random() * 0.5)));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function errorDetail(raw: unknown): string | undefined {
  const err = RetryError.isInstance(raw) ? raw.lastError : raw;
  return err instanceof Error ? short(err.message) : undefined;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function short(message: string): string {
  const oneLine = message.replace(/\s+/g, " ").trim();
  return oneLine.length > 160 ? `${oneLine.slice(0, 157)}…` : oneLine;
}
