import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_REDIS_URL as REDIS_URL, redisAvailable } from "../../test/support/redis.ts";
import { createLogger } from "../log.ts";
import { MemoryPubSub, type PubSub, RedisPubSub, redisPrefix } from "./pubsub.ts";

const logger = createLogger("silent");

/** Collects messages and resolves waiters when a condition holds (no sleeps). */
function inbox() {
  const messages: string[] = [];
  let wake: (() => void) | null = null;
  return {
    messages,
    handler: (m: string) => {
      messages.push(m);
      wake?.();
    },
    async until(predicate: (m: string[]) => boolean, ms = 5000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!predicate(messages)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, 50));
        });
      }
    },
  };
}

function behavesLikePubSub(name: string, make: () => Promise<PubSub>) {
  describe(name, () => {
    it("delivers to every subscriber of a channel, and only that channel", async () => {
      const pubsub = await make();
      try {
        const a = inbox();
        const b = inbox();
        const other = inbox();
        await pubsub.subscribe("timeline:1", a.handler);
        await pubsub.subscribe("timeline:1", b.handler);
        await pubsub.subscribe("timeline:2", other.handler);
        await pubsub.publish("timeline:1", "one");
        await pubsub.publish("timeline:2", "two");
        await a.until((m) => m.length === 1);
        await b.until((m) => m.length === 1);
        await other.until((m) => m.length === 1);
        expect(a.messages).toEqual(["one"]);
        expect(other.messages).toEqual(["two"]);
      } finally {
        await pubsub.close();
      }
    });

    it("keeps order, and stops delivering after unsubscribe while other handlers stay", async () => {
      const pubsub = await make();
      try {
        const kept = inbox();
        const dropped = inbox();
        await pubsub.subscribe("public", kept.handler);
        const unsubscribe = await pubsub.subscribe("public", dropped.handler);
        await pubsub.publish("public", "1");
        await dropped.until((m) => m.length === 1);
        await unsubscribe();
        await unsubscribe(); // idempotent
        for (const n of ["2", "3", "4"]) await pubsub.publish("public", n);
        await kept.until((m) => m.length === 4);
        expect(kept.messages).toEqual(["1", "2", "3", "4"]);
        expect(dropped.messages).toEqual(["1"]);
      } finally {
        await pubsub.close();
      }
    });

    it("survives a handler that throws", async () => {
      const pubsub = await make();
      try {
        const good = inbox();
        await pubsub.subscribe("c", () => {
          throw new Error("boom");
        });
        await pubsub.subscribe("c", good.handler);
        await pubsub.publish("c", "x");
        await good.until((m) => m.length === 1);
      } finally {
        await pubsub.close();
      }
    });
  });
}

behavesLikePubSub("MemoryPubSub", async () => new MemoryPubSub(logger));

describe("MemoryPubSub bookkeeping", () => {
  it("forgets handlers on unsubscribe", async () => {
    const pubsub = new MemoryPubSub(logger);
    const offs = await Promise.all(["a", "a", "b"].map((c) => pubsub.subscribe(c, () => {})));
    expect(pubsub.subscriptionCount).toBe(3);
    await Promise.all(offs.map((off) => off()));
    expect(pubsub.subscriptionCount).toBe(0);
  });
});

describe("RedisPubSub", async () => {
  const reachable = await redisAvailable();
  // A random prefix per run: parallel runs on one Redis never hear each other.
  const prefix = `atelier-test:${randomBytes(6).toString("hex")}:`;
  const connect = () => RedisPubSub.connect(REDIS_URL, { prefix, logger });

  describe.skipIf(!reachable)("against a real Redis", () => {
    behavesLikePubSub("one process", connect);

    describe("two processes", () => {
      let one: RedisPubSub;
      let two: RedisPubSub;
      beforeAll(async () => {
        one = await connect();
        two = await connect();
      });
      afterAll(async () => {
        await one?.close();
        await two?.close();
      });

      it("exchange messages both ways", async () => {
        const atOne = inbox();
        const atTwo = inbox();
        await one.subscribe("timeline:7", atOne.handler);
        await two.subscribe("timeline:7", atTwo.handler);
        await one.publish("timeline:7", "from one");
        await two.publish("timeline:7", "from two");
        await atOne.until((m) => m.length === 2);
        await atTwo.until((m) => m.length === 2);
        expect(atOne.messages).toEqual(["from one", "from two"]);
        expect(atTwo.messages).toEqual(["from one", "from two"]);
      });

      it("unsubscribes from Redis when the last local handler leaves", async () => {
        const first = inbox();
        const offA = await two.subscribe("hashtag:cats", first.handler);
        const offB = await two.subscribe("hashtag:cats", () => {});
        const before = two.channelCount;
        await offA();
        expect(two.channelCount).toBe(before);
        await offB();
        expect(two.channelCount).toBe(before - 1);
        // Resubscribing after a full unsubscribe works (SUBSCRIBE follows UNSUBSCRIBE in order).
        const again = inbox();
        await two.subscribe("hashtag:cats", again.handler);
        await one.publish("hashtag:cats", "back");
        await again.until((m) => m.length === 1);
        expect(first.messages).toEqual([]);
      });

      it("isolates instances with different prefixes on one Redis", async () => {
        const stranger = await RedisPubSub.connect(REDIS_URL, { prefix: `${prefix}other:`, logger });
        try {
          const mine = inbox();
          const theirs = inbox();
          await one.subscribe("public", mine.handler);
          await stranger.subscribe("public", theirs.handler);
          await two.publish("public", "for us");
          await stranger.publish("public", "for them");
          await mine.until((m) => m.length === 1);
          await theirs.until((m) => m.length === 1);
          expect(mine.messages).toEqual(["for us"]);
          expect(theirs.messages).toEqual(["for them"]);
        } finally {
          await stranger.close();
        }
      });
    });
  });

  it("fails fast with a clear message when Redis is unreachable", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expect(
      RedisPubSub.connect(`redis://127.0.0.1:${port}`, {
        prefix,
        logger,
        redisOptions: { retryStrategy: () => null },
      }),
    ).rejects.toThrow(/Cannot connect to Redis at REDIS_URL/);
  });

  it("derives the channel prefix from the database number", () => {
    expect(redisPrefix("redis://localhost:6379")).toBe("atelier:0:");
    expect(redisPrefix("redis://:secret@localhost:6379/3")).toBe("atelier:3:");
  });
});
