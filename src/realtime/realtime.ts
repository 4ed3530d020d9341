// The real-time part of a process, built once by the server: pub/sub (in-process or Redis), the
// publisher that turns domain events into messages, and the hub that streams them to clients.
// Worker-only processes still publish, so a post made by a job reaches streams elsewhere.
import type { Server } from "node:http";
import type { SerializeContext } from "../api/mastodon/serializers/context.ts";
import type { Database } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { SocialEvents } from "../social/events.ts";
import { batchedStreamAuthentication, type StreamViewer } from "./auth.ts";
import { StreamHub } from "./hub.ts";
import { Publisher } from "./publisher.ts";
import { createPubSub, type PubSub } from "./pubsub.ts";
import { createStreamRenderer } from "./render.ts";
import { attachStreaming, type StreamingOptions, type StreamingServer } from "./streaming.ts";

export interface RealtimeOptions {
  redisUrl: string | undefined;
  db: Database;
  events: SocialEvents;
  serialize: SerializeContext;
  logger: Logger;
  streaming?: Partial<Omit<StreamingOptions, "authenticate" | "hub" | "logger">>;
}

export class Realtime {
  readonly pubsub: PubSub;
  readonly hub: StreamHub;
  /** Who a stream's token belongs to (checks made together go to the database as one query). */
  readonly authenticate: (token: string | null) => Promise<StreamViewer>;
  readonly #publisher: Publisher;
  readonly #options: RealtimeOptions;
  readonly #shutdown = new AbortController();
  #websockets: StreamingServer | null = null;

  private constructor(pubsub: PubSub, options: RealtimeOptions) {
    this.pubsub = pubsub;
    this.#options = options;
    const { db, events, serialize, logger } = options;
    this.authenticate = batchedStreamAuthentication(db);
    this.hub = new StreamHub(pubsub, createStreamRenderer(db, serialize), logger);
    this.#publisher = new Publisher({ db, events, pubsub, logger });
  }

  static async start(options: RealtimeOptions): Promise<Realtime> {
    const logger = options.logger.child({ component: "realtime" });
    const pubsub = await createPubSub(options.redisUrl, logger);
    return new Realtime(pubsub, { ...options, logger });
  }

  /** Aborts when the process starts shutting down: long-lived streams (SSE) end on it. */
  get shutdown(): AbortSignal {
    return this.#shutdown.signal;
  }

  /** Serves WebSocket streaming on the HTTP server's upgrade requests. */
  attach(server: Server): void {
    const { logger, streaming } = this.#options;
    const { authenticate, hub } = this;
    this.#websockets = attachStreaming(server, { ...streaming, authenticate, hub, logger });
  }

  get connectionCount(): number {
    return this.#websockets?.connectionCount ?? 0;
  }

  /** Ends every client stream; first on shutdown, as open streams would hold the HTTP server open. */
  async closeStreams(): Promise<void> {
    this.#shutdown.abort();
    await this.#websockets?.close();
  }

  /** After in-flight requests and jobs are done: their last events still go out, then pub/sub closes. */
  async close(): Promise<void> {
    await this.closeStreams();
    await this.#publisher.stop();
    await this.hub.close();
    await this.pubsub.close();
  }
}
