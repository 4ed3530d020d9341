// Two stores on one Redis stand for two web processes: a key's hits add up across them, the window
// resets after it expires, and an outage lets requests through instead of failing them.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { redisAvailable, TEST_REDIS_URL } from "../../../test/support/redis.ts";
import { createLogger } from "../../log.ts";
import { connectRedisRateLimitStore } from "./rate-limit-redis.ts";

const logger = createLogger("silent");
const available = await redisAvailable();

describe.skipIf(!available)("Redis rate-limit store", () => {
  it("shares one budget between processes and opens a new window when it expires", async () => {
    const prefix = `atelier-test:${randomUUID()}:`;
    const [a, b] = await Promise.all([
      connectRedisRateLimitStore(TEST_REDIS_URL, { logger, prefix }),
      connectRedisRateLimitStore(TEST_REDIS_URL, { logger, prefix }),
    ]);
    try {
      const first = await a.hit("token:x", 300);
      expect(first.count).toBe(1);
      expect(first.resetAt).toBeGreaterThan(Date.now());
      expect((await b.hit("token:x", 300)).count).toBe(2);
      expect((await a.hit("token:x", 300)).count).toBe(3);
      expect((await b.hit("token:y", 300)).count).toBe(1);
      await new Promise((r) => setTimeout(r, 350));
      expect((await b.hit("token:x", 300)).count).toBe(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("lets requests through when Redis goes away", async () => {
    const store = await connectRedisRateLimitStore(TEST_REDIS_URL, {
      logger,
      prefix: `atelier-test:${randomUUID()}:`,
    });
    await store.close();
    const hit = await store.hit("token:z", 1000);
    expect(hit.count).toBe(1);
  });
});
