// Stream clients for tests: raw WebSocket and SSE readers that buffer what arrives and let a test
// wait for a frame matching a condition (with a deadline, never a fixed sleep), plus a collector
// for the `masto` streaming client's subscriptions.
import type { mastodon } from "masto";
import WebSocket from "ws";

export interface Frame {
  stream: string[];
  event: string;
  /** Parsed entity for update/notification/status.update; the id for delete. */
  payload: unknown;
  /** The payload exactly as sent: Mastodon sends a string holding JSON. */
  rawPayload: unknown;
}

/** A growing buffer that tests can wait on. */
export class Collector<T> {
  readonly items: T[] = [];
  #waiters = new Set<() => void>();

  push(item: T): void {
    this.items.push(item);
    for (const wake of this.#waiters) wake();
  }

  /** The first item (already received or yet to come) that matches. */
  async waitFor(match: (item: T) => boolean, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.items.find(match);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting; received ${JSON.stringify(this.items, null, 1)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
  }
}

export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, "ws");

function parseFrame(text: string): Frame {
  const data = JSON.parse(text) as { stream: string[]; event: string; payload: unknown };
  const payload =
    data.event === "delete" || typeof data.payload !== "string" ? data.payload : JSON.parse(data.payload);
  return { stream: data.stream, event: data.event, payload, rawPayload: data.payload };
}

export interface RawStream {
  ws: WebSocket;
  frames: Collector<Frame>;
  /** Error frames ({error, status}) the server sent. */
  errors: Collector<{ error: string; status: number }>;
  send(message: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Opens /api/v1/streaming; resolves once open, or rejects with the HTTP status of a refused handshake. */
export function openRawStream(
  baseUrl: string,
  options: { query?: Record<string, string>; protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<RawStream> {
  const url = new URL("/api/v1/streaming", wsUrl(baseUrl));
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers ?? {} });
  const frames = new Collector<Frame>();
  const errors = new Collector<{ error: string; status: number }>();
  ws.on("message", (data) => {
    const text = data.toString();
    const parsed = JSON.parse(text) as { error?: string; status?: number };
    if (parsed.error) errors.push({ error: parsed.error, status: parsed.status ?? 0 });
    else frames.push(parseFrame(text));
  });
  const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
  return new Promise((resolve, reject) => {
    ws.once("unexpected-response", (_req, res) => reject(new HandshakeRefused(res.statusCode ?? 0)));
    ws.once("error", reject);
    ws.once("open", () =>
      resolve({
        ws,
        frames,
        errors,
        send: (message) => ws.send(JSON.stringify(message)),
        close: async () => {
          ws.close();
          await closed;
        },
      }),
    );
  });
}

export class HandshakeRefused extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`WebSocket handshake refused with HTTP ${status}`);
    this.status = status;
  }
}

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  contentType: string | null;
  events: Collector<SseEvent>;
  /** Comment lines (heartbeats). */
  comments: string[];
  close(): void;
}

/** Opens an SSE stream with fetch and parses `event:`/`data:` blocks as they arrive. */
export async function openSse(url: string, token?: string): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal: abort.signal,
  });
  const events = new Collector<SseEvent>();
  const comments: string[] = [];
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string[]> = {};
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) comments.push(line);
            const match = /^(event|data): ?(.*)$/.exec(line);
            if (match) fields[match[1]!] = [...(fields[match[1]!] ?? []), match[2]!];
          }
          if (fields.data)
            events.push({ event: fields.event?.[0] ?? "message", data: fields.data.join("\n") });
        }
      }
    })().catch(() => {});
  } else {
    await res.body?.cancel();
  }
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    events,
    comments,
    close: () => abort.abort(),
  };
}

/** Reads a masto subscription in the background into a collector. */
export function collect(subscription: mastodon.streaming.Subscription): Collector<mastodon.streaming.Event> {
  const events = new Collector<mastodon.streaming.Event>();
  void (async () => {
    for await (const event of subscription) events.push(event);
  })().catch((err) => console.error("masto subscription ended", err));
  return events;
}

/** Polls `check` until it holds, for state that has no event to wait on (cleanup after a disconnect). */
export async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached before the deadline");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
