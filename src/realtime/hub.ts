// The streams of one process. Each pub/sub channel is subscribed once however many connections
// listen to it, and each message is rendered once per distinct viewer, then handed to every
// listening connection in the order messages arrived. A status goes out on one channel per home
// timeline it landed in (a thousand followers: a thousand messages); the messages for one status
// that arrive together are rendered in one batch, so a post costs a few queries, not a few per
// follower.
import type { Logger } from "../log.ts";
import { decodeMessage, type RealtimeMessage, type StreamEvent } from "./channels.ts";
import type { PubSub } from "./pubsub.ts";
import type { RenderedStatus, StreamRenderer } from "./render.ts";
import type { StreamSpec } from "./streams.ts";

/** One outgoing event. WebSocket sends it as JSON, SSE as `event:` and `data:` lines. */
export interface StreamFrame {
  stream: string[];
  event: StreamEvent;
  /** JSON text of the entity (Mastodon's payload is a string holding JSON), or a deleted status's id. */
  payload: string;
}

/** Where one connection's frames go. */
export interface StreamSink {
  viewerId: bigint;
  /** Called in message order; the frame settles to null when it isn't for this viewer. */
  push(frame: Promise<StreamFrame | null>): void;
}

interface Listener {
  sink: StreamSink;
  label: string[];
  events: ReadonlySet<StreamEvent>;
  onlyMedia: boolean;
}

interface ChannelEntry {
  listeners: Set<Listener>;
  subscribed: Promise<() => Promise<void>>;
}

type Rendered = Map<bigint, RenderedStatus | null>;

/** Viewers waiting for one status to be rendered; flushed once the current burst of messages is in. */
interface RenderBatch {
  viewers: Set<bigint>;
  result: Promise<Rendered>;
  resolve(rendered: Rendered): void;
}

const frame = (stream: string[], event: StreamEvent, payload: string): StreamFrame => ({
  stream,
  event,
  payload,
});

// Every listener given the same rendering, stream label and event gets the same frame object — one
// post reaching a thousand home streams is one frame, so connections can encode it once.
const framesOf = new WeakMap<RenderedStatus, Map<string, StreamFrame>>();

function sharedFrame(status: RenderedStatus, label: string[], event: StreamEvent): StreamFrame {
  const frames = framesOf.get(status) ?? new Map<string, StreamFrame>();
  framesOf.set(status, frames);
  const key = `${event} ${label.join(" ")}`;
  const shared = frames.get(key) ?? frame(label, event, status.json);
  frames.set(key, shared);
  return shared;
}

export class StreamHub {
  readonly #pubsub: PubSub;
  readonly #renderer: StreamRenderer;
  readonly #logger: Logger;
  readonly #channels = new Map<string, ChannelEntry>();
  readonly #batches = new Map<bigint, RenderBatch>();

  constructor(pubsub: PubSub, renderer: StreamRenderer, logger: Logger) {
    this.#pubsub = pubsub;
    this.#renderer = renderer;
    this.#logger = logger;
  }

  /** Starts delivering `spec` to `sink`; resolves once live, to a function that stops it. */
  async subscribe(spec: StreamSpec, sink: StreamSink): Promise<() => Promise<void>> {
    const joined: [string, Listener][] = spec.sources.map((source) => [
      source.channel,
      { sink, label: spec.label, events: source.events, onlyMedia: spec.onlyMedia },
    ]);
    const leave = () => Promise.all(joined.map(([channel, listener]) => this.#leave(channel, listener)));
    try {
      await Promise.all(joined.map(([channel, listener]) => this.#join(channel, listener)));
    } catch (err) {
      await leave();
      throw err;
    }
    let left = false;
    return async () => {
      if (left) return;
      left = true;
      await leave();
    };
  }

  /** Local listeners across all channels (tests use it to prove nothing leaks). */
  get listenerCount(): number {
    let n = 0;
    for (const entry of this.#channels.values()) n += entry.listeners.size;
    return n;
  }

  async close(): Promise<void> {
    const entries = [...this.#channels.values()];
    this.#channels.clear();
    await Promise.allSettled(entries.map(async (entry) => (await entry.subscribed)()));
  }

  async #join(channel: string, listener: Listener): Promise<void> {
    let entry = this.#channels.get(channel);
    if (!entry) {
      const created: ChannelEntry = {
        listeners: new Set(),
        subscribed: this.#pubsub.subscribe(channel, (raw) => this.#onMessage(channel, raw)),
      };
      created.subscribed.catch(() => {
        if (this.#channels.get(channel) === created) this.#channels.delete(channel);
      });
      this.#channels.set(channel, created);
      entry = created;
    }
    entry.listeners.add(listener);
    await entry.subscribed;
  }

  async #leave(channel: string, listener: Listener): Promise<void> {
    const entry = this.#channels.get(channel);
    if (!entry?.listeners.delete(listener) || entry.listeners.size) return;
    this.#channels.delete(channel);
    const unsubscribe = await entry.subscribed.catch(() => null);
    await unsubscribe?.();
  }

  #onMessage(channel: string, raw: string): void {
    const message = decodeMessage(raw);
    const entry = this.#channels.get(channel);
    if (!message || !entry) return;
    const listeners = [...entry.listeners].filter((l) => l.events.has(message.event));
    if (listeners.length) this.#deliver(message, listeners);
  }

  #deliver(message: RealtimeMessage, listeners: Listener[]): void {
    const id = BigInt(message.id);
    const failed = (err: unknown) => {
      this.#logger.error({ err, event: message.event, id: message.id }, "stream rendering failed");
      return null;
    };
    if (message.event === "delete") {
      for (const l of listeners) l.sink.push(Promise.resolve(frame(l.label, "delete", message.id)));
    } else if (message.event === "notification" || message.event === "ai.image") {
      const event = message.event;
      const render = (viewer: bigint) =>
        event === "notification"
          ? this.#renderer.notification(id, viewer)
          : (this.#renderer.imageGeneration?.(id, viewer) ?? Promise.resolve(null));
      const byViewer = new Map<bigint, Promise<string | null>>();
      for (const l of listeners) {
        const viewer = l.sink.viewerId;
        if (!byViewer.has(viewer)) byViewer.set(viewer, render(viewer).catch(failed));
        l.sink.push(
          byViewer.get(viewer)!.then((json) => (json === null ? null : frame(l.label, event, json))),
        );
      }
    } else {
      const event = message.event;
      const rendered = this.#renderBatched(
        id,
        listeners.map((l) => l.sink.viewerId),
        failed,
      );
      for (const l of listeners) {
        const text = rendered.then((byViewer) => {
          const status = byViewer.get(l.sink.viewerId);
          if (!status || (l.onlyMedia && !status.hasMedia)) return null;
          return sharedFrame(status, l.label, event);
        });
        l.sink.push(text);
      }
    }
  }

  /**
   * Renders `id` for `viewers` together with every other viewer asking for it before the next turn
   * of the event loop (the rest of the burst of channel messages one post produces). Always renders
   * the status as it is at flush time, so batching never shows anyone an older state.
   */
  #renderBatched(id: bigint, viewers: bigint[], failed: (err: unknown) => null): Promise<Rendered> {
    let batch = this.#batches.get(id);
    if (!batch) {
      let resolve!: (rendered: Rendered) => void;
      const result = new Promise<Rendered>((r) => {
        resolve = r;
      });
      const created: RenderBatch = { viewers: new Set(), result, resolve };
      this.#batches.set(id, created);
      setImmediate(() => {
        this.#batches.delete(id);
        this.#renderer
          .status(id, [...created.viewers])
          .catch((err: unknown) => {
            failed(err);
            return new Map<bigint, null>();
          })
          .then(created.resolve);
      });
      batch = created;
    }
    for (const viewer of viewers) batch.viewers.add(viewer);
    return batch.result;
  }
}
