// The rate-limit counters in Redis, so that with several web processes (REDIS_URL) a token's budget
// is one budget, not one per process. A fixed window per key: INCR, and the key's expiry set by the
// hit that opened the window, atomically in one script.
import type { Redis } from "ioredis";
import type { Logger } from "../../log.ts";
import type { RateLimitStore } from "./rate-limit.ts";

const HIT = `local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

export interface RedisRateLimitStore extends RateLimitStore {
  close(): Promise<void>;
}

export async function connectRedisRateLimitStore(
  url: string,
  options: { logger: Logger; prefix?: string },
): Promise<RedisRateLimitStore> {
  const { Redis } = await import("ioredis");
  // Fail fast rather than queue while Redis is away: a request must not hang on its rate limit.
  const client: Redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  client.on("error", (err: Error) =>
    options.logger.warn({ err: err.message }, "Redis rate-limit store error"),
  );
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`Cannot connect to Redis at REDIS_URL (${(err as Error).message})`);
  }
  const prefix = options.prefix ?? "atelier:ratelimit:";
  return {
    async hit(key, windowMs) {
      try {
        const [count, ttl] = (await client.eval(HIT, 1, prefix + key, String(windowMs))) as [number, number];
        return { count, resetAt: Date.now() + ttl };
      } catch (err) {
        // Fail open: an outage of the shared counter must not take the API down with it.
        options.logger.warn({ err: (err as Error).message }, "rate limit not counted: Redis unavailable");
        return { count: 1, resetAt: Date.now() + windowMs };
      }
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
