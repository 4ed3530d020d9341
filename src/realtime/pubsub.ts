// Publish/subscribe between the code that changes things and the connections that stream them.
// In-process by default; with REDIS_URL every process publishes to and hears from Redis, so a
// post made through one process reaches streams held open by another. Messages are strings.
import type { Redis, RedisOptions } from "ioredis";
import type { Logger } from "../log.ts";

export type MessageHandler = (message: string) => void;

export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once messages on `channel` reach `handler`; the returned function unsubscribes. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Calls each handler, keeping one that throws from starving the others or the publisher. */
function dispatch(handlers: Iterable<MessageHandler> | undefined, message: string, logger: Logger): void {
  for (const handler of handlers ?? []) {
    try {
      handler(message);
    } catch (err) {
      logger.error({ err }, "realtime message handler failed");
    }
  }
}

export class MemoryPubSub implements PubSub {
  readonly #channels = new Map<string, Set<MessageHandler>>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  async publish(channel: string, message: string): Promise<void> {
    // A copy, so a handler that unsubscribes while we iterate doesn't skip its neighbour.
    const handlers = this.#channels.get(channel);
    if (handlers) dispatch([...handlers], message, this.#logger);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    const handlers = this.#channels.get(channel) ?? new Set();
    this.#channels.set(channel, handlers);
    // A wrapper per call, so subscribing the same function twice needs two unsubscribes.
    const entry: MessageHandler = (message) => handler(message);
    handlers.add(entry);
    return async () => {
      handlers.delete(entry);
      if (!handlers.size && this.#channels.get(channel) === handlers) this.#channels.delete(channel);
    };
  }

  /** Handlers currently registered (tests use it to prove nothing leaks). */
  get subscriptionCount(): number {
    let n = 0;
    for (const handlers of this.#channels.values()) n += handlers.size;
    return n;
  }

  async close(): Promise<void> {
    this.#channels.clear();
  }
}

interface RedisChannel {
  handlers: Set<MessageHandler>;
  /** Settles when Redis confirmed the SUBSCRIBE; later subscribers wait for it too. */
  ready: Promise<unknown>;
}

export interface RedisPubSubOptions {
  /** Prepended to every channel: Redis pub/sub ignores the database number, so instances sharing a server need it. */
  prefix: string;
  logger: Logger;
  redisOptions?: RedisOptions;
}

/**
 * Redis pub/sub. A connection in subscriber mode can't publish, so there are two. One SUBSCRIBE per
 * channel however many local handlers; ioredis re-subscribes by itself after a reconnect.
 */
export class RedisPubSub implements PubSub {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #logger: Logger;
  readonly #channels = new Map<string, RedisChannel>();

  private constructor(publisher: Redis, subscriber: Redis, options: RedisPubSubOptions) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#prefix = options.prefix;
    this.#logger = options.logger;
    subscriber.on("message", (prefixed: string, message: string) => {
      if (!prefixed.startsWith(this.#prefix)) return;
      const channel = this.#channels.get(prefixed.slice(this.#prefix.length));
      if (channel) dispatch([...channel.handlers], message, this.#logger);
    });
  }

  /** Connects both connections, failing fast (with the reason) when Redis is unreachable. */
  static async connect(url: string, options: RedisPubSubOptions): Promise<RedisPubSub> {
    const { Redis } = await import("ioredis");
    const open = async (role: string) => {
      const client = new Redis(url, { lazyConnect: true, ...options.redisOptions });
      // Without a listener ioredis prints every failed reconnect; log them once each instead.
      client.on("error", (err: Error) =>
        options.logger.warn({ err: err.message, role }, "Redis connection error"),
      );
      try {
        await client.connect();
      } catch (err) {
        client.disconnect();
        throw new Error(`Cannot connect to Redis at REDIS_URL (${(err as Error).message})`);
      }
      return client;
    };
    const publisher = await open("publish");
    try {
      return new RedisPubSub(publisher, await open("subscribe"), options);
    } catch (err) {
      publisher.disconnect();
      throw err;
    }
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.#publisher.publish(this.#prefix + channel, message);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    let entry = this.#channels.get(channel);
    if (!entry) {
      const created: RedisChannel = {
        handlers: new Set(),
        ready: this.#subscriber.subscribe(this.#prefix + channel),
      };
      // A failed SUBSCRIBE must not strand the channel: the next subscriber tries again.
      created.ready.catch(() => {
        if (this.#channels.get(channel) === created) this.#channels.delete(channel);
      });
      this.#channels.set(channel, created);
      entry = created;
    }
    const own: MessageHandler = (message) => handler(message);
    entry.handlers.add(own);
    const current = entry;
    try {
      await current.ready;
    } catch (err) {
      current.handlers.delete(own);
      throw err;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      current.handlers.delete(own);
      if (current.handlers.size || this.#channels.get(channel) !== current) return;
      this.#channels.delete(channel);
      // Commands on one connection run in order, so a SUBSCRIBE issued after this still wins.
      await this.#subscriber.unsubscribe(this.#prefix + channel).catch((err: Error) => {
        this.#logger.warn({ err: err.message, channel }, "Redis UNSUBSCRIBE failed");
      });
    };
  }

  /** Redis channels this process is subscribed to (tests use it to prove nothing leaks). */
  get channelCount(): number {
    return this.#channels.size;
  }

  async close(): Promise<void> {
    this.#channels.clear();
    await Promise.allSettled([this.#subscriber.quit(), this.#publisher.quit()]);
  }
}

/** The channel prefix for a REDIS_URL: its database number partitions pub/sub as it does keys. */
export function redisPrefix(url: string): string {
  const db = new URL(url).pathname.replace(/^\//, "") || "0";
  return `atelier:${db}:`;
}

export async function createPubSub(redisUrl: string | undefined, logger: Logger): Promise<PubSub> {
  if (!redisUrl) return new MemoryPubSub(logger);
  return RedisPubSub.connect(redisUrl, { prefix: redisPrefix(redisUrl), logger });
}
