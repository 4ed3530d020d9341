// One WebSocket client of /api/v1/streaming: its subscriptions (Mastodon's subscribe/unsubscribe
// messages), its ordered outgoing frames, and its cleanup — every pub/sub handler it took is given
// back when it closes, however it closes.
import type { WebSocket } from "ws";
import type { Logger } from "../log.ts";
import type { StreamViewer } from "./auth.ts";
import type { StreamFrame, StreamHub } from "./hub.ts";
import { OrderedSink } from "./sink.ts";
import { checkStreamScope, resolveStream, StreamError, type StreamParams } from "./streams.ts";

export interface ConnectionLimits {
  maxSubscriptions: number;
  /** Bytes queued in the socket beyond which the client is too slow to keep. */
  maxBufferedBytes: number;
}

export interface ConnectionDeps {
  hub: StreamHub;
  limits: ConnectionLimits;
  logger: Logger;
  /** Checks the connection's token again; throws a StreamError once it is revoked or its account suspended. */
  reauthenticate(): Promise<unknown>;
}

interface ClientMessage {
  type?: unknown;
  stream?: unknown;
  tag?: unknown;
}

const encodedFrames = new WeakMap<StreamFrame, Buffer>();

/**
 * Exactly Mastodon's frame: {"stream":[…],"event":"update","payload":"<JSON text>"}, as UTF-8. The
 * hub hands one frame object to every connection it is for, so a post to a thousand followers is
 * encoded once, not a thousand times.
 */
function encodeFrame(frame: StreamFrame): Buffer {
  let encoded = encodedFrames.get(frame);
  if (!encoded) {
    encoded = Buffer.from(JSON.stringify(frame));
    encodedFrames.set(frame, encoded);
  }
  return encoded;
}

export class StreamConnection {
  readonly #ws: WebSocket;
  readonly #viewer: StreamViewer;
  readonly #hub: StreamHub;
  readonly #limits: ConnectionLimits;
  readonly #logger: Logger;
  readonly #reauthenticate: () => Promise<unknown>;
  readonly #sink: OrderedSink;
  /** By stream key; the value settles to the function that ends that subscription. */
  readonly #subscriptions = new Map<string, Promise<(() => Promise<void>) | null>>();
  #closed = false;
  alive = true;

  constructor(ws: WebSocket, viewer: StreamViewer, deps: ConnectionDeps) {
    this.#ws = ws;
    this.#viewer = viewer;
    this.#hub = deps.hub;
    this.#limits = deps.limits;
    this.#logger = deps.logger;
    this.#reauthenticate = () => deps.reauthenticate();
    this.#sink = new OrderedSink({
      viewerId: viewer.accountId,
      write: (frame) => this.#send(encodeFrame(frame)),
      overflow: () => this.#dropSlowClient("too many frames waiting"),
    });
    ws.on("message", (data, isBinary) => {
      if (isBinary) return this.#error(400, "Binary messages are not supported");
      this.#onMessage(data.toString()).catch((err: unknown) => {
        this.#logger.error({ err }, "streaming message failed");
        this.#error(500, "Internal server error");
      });
    });
    ws.on("pong", () => {
      this.alive = true;
    });
    ws.on("close", () => void this.close());
    ws.on("error", (err) => this.#logger.debug({ err: err.message }, "streaming socket error"));
  }

  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  /** Subscribes to a stream, answering problems the way Mastodon does: an error frame, socket kept open. */
  async subscribe(name: string, params: StreamParams): Promise<void> {
    try {
      checkStreamScope(name, this.#viewer.scopes);
      const spec = resolveStream(name, params, this.#viewer.accountId);
      if (this.#subscriptions.has(spec.key)) return;
      if (this.#subscriptions.size >= this.#limits.maxSubscriptions) {
        throw new StreamError(400, `Too many subscriptions (at most ${this.#limits.maxSubscriptions})`);
      }
      const pending = this.#hub.subscribe(spec, this.#sink).catch((err: unknown) => {
        this.#logger.error({ err, stream: spec.key }, "stream subscription failed");
        this.#subscriptions.delete(spec.key);
        this.#error(500, "Could not subscribe");
        return null;
      });
      this.#subscriptions.set(spec.key, pending);
      const unsubscribe = await pending;
      // Closed (or unsubscribed) while the subscription was being set up: undo it at once.
      if (unsubscribe && (this.#closed || this.#subscriptions.get(spec.key) !== pending)) await unsubscribe();
    } catch (err) {
      if (!(err instanceof StreamError)) throw err;
      this.#error(err.status, err.message);
    }
  }

  async unsubscribe(name: string, params: StreamParams): Promise<void> {
    let key: string;
    try {
      key = resolveStream(name, params, this.#viewer.accountId).key;
    } catch {
      return; // unsubscribing from something that can't exist is a no-op, as in Mastodon
    }
    const pending = this.#subscriptions.get(key);
    if (!pending) return;
    this.#subscriptions.delete(key);
    await (await pending)?.();
  }

  /** Ends every subscription; safe to call more than once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#sink.close();
    const pending = [...this.#subscriptions.values()];
    this.#subscriptions.clear();
    await Promise.allSettled(pending.map(async (p) => (await p)?.()));
  }

  /** Heartbeat: a client that didn't answer the previous ping is gone. */
  /**
   * Heartbeat: a client that didn't answer the previous ping is gone; one whose token was revoked
   * since (sign-out, suspension) is closed, as Mastodon does.
   */
  heartbeat(): void {
    if (!this.alive) {
      this.#ws.terminate();
      return;
    }
    this.alive = false;
    this.#ws.ping();
    this.#reauthenticate().catch((err: unknown) => {
      if (!(err instanceof StreamError)) return this.#logger.warn({ err }, "streaming token re-check failed");
      this.#ws.close(1008, err.message);
      void this.close();
    });
  }

  async #onMessage(text: string): Promise<void> {
    let message: ClientMessage;
    try {
      message = JSON.parse(text) as ClientMessage;
    } catch {
      return this.#error(400, "Invalid JSON");
    }
    if (typeof message !== "object" || message === null) return this.#error(400, "Invalid JSON");
    const { type, stream, tag } = message;
    if (type !== "subscribe" && type !== "unsubscribe") return this.#error(400, "Unknown message type");
    if (typeof stream !== "string") return this.#error(400, "Unknown stream type");
    const params = { tag: typeof tag === "string" ? tag : undefined };
    await (type === "subscribe" ? this.subscribe(stream, params) : this.unsubscribe(stream, params));
  }

  #send(data: Buffer): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    if (this.#ws.bufferedAmount > this.#limits.maxBufferedBytes) {
      this.#dropSlowClient(`${this.#ws.bufferedAmount} bytes unsent`);
      return;
    }
    this.#ws.send(data, { binary: false });
  }

  #error(status: number, error: string): void {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(JSON.stringify({ error, status }));
  }

  /** A close frame would queue behind the backlog it can't read, so the socket is cut instead. */
  #dropSlowClient(reason: string): void {
    this.#logger.warn(
      { reason, accountId: String(this.#viewer.accountId) },
      "dropping slow streaming client",
    );
    this.#ws.terminate();
    void this.close();
  }
}
