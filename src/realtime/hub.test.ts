// The hub on its own: one post heard on many home-timeline channels is rendered in one batch, and
// every listener still gets its own frame, in message order.
import { describe, expect, it } from "vitest";
import { createLogger } from "../log.ts";
import { channels, encodeMessage } from "./channels.ts";
import { type StreamFrame, StreamHub, type StreamSink } from "./hub.ts";
import { MemoryPubSub } from "./pubsub.ts";
import type { StreamRenderer } from "./render.ts";
import { resolveStream } from "./streams.ts";

const logger = createLogger("silent");

function collectingSink(viewerId: bigint) {
  const frames: Promise<StreamFrame | null>[] = [];
  const sink: StreamSink = { viewerId, push: (frame) => frames.push(frame) };
  return { sink, settled: () => Promise.all(frames) };
}

describe("StreamHub", () => {
  it("renders a status once for every home timeline it reaches in one burst", async () => {
    const pubsub = new MemoryPubSub(logger);
    const calls: bigint[][] = [];
    const renderer: StreamRenderer = {
      status: async (id, viewers) => {
        calls.push(viewers);
        // Viewer 7 may not see it (blocked, say): it must get nothing.
        return new Map(
          viewers.map((v) => [v, v === 7n ? null : { json: `{"id":"${id}"}`, hasMedia: false }]),
        );
      },
      notification: async () => null,
    };
    const hub = new StreamHub(pubsub, renderer, logger);
    const viewers = Array.from({ length: 200 }, (_, i) => BigInt(i + 1));
    const sinks = viewers.map((v) => collectingSink(v));
    await Promise.all(sinks.map((s) => hub.subscribe(resolveStream("user", {}, s.sink.viewerId), s.sink)));

    const update = encodeMessage({ event: "update", id: "42" });
    await Promise.all(viewers.map((v) => pubsub.publish(channels.timeline(v), update)));
    await Promise.all(
      viewers.map((v) => pubsub.publish(channels.timeline(v), encodeMessage({ event: "delete", id: "42" }))),
    );

    const received = await Promise.all(sinks.map((s) => s.settled()));
    expect(calls).toHaveLength(1);
    expect(new Set(calls[0])).toEqual(new Set(viewers));
    for (const [i, frames] of received.entries()) {
      const events = frames.filter((f) => f !== null).map((f) => `${f.event}:${f.payload}`);
      expect(events).toEqual(viewers[i] === 7n ? ["delete:42"] : ['update:{"id":"42"}', "delete:42"]);
    }
    await hub.close();
  });

  it("renders again for a later burst: a batch never serves an older state", async () => {
    const pubsub = new MemoryPubSub(logger);
    let version = 0;
    const renderer: StreamRenderer = {
      status: async (_id, viewers) => {
        version += 1;
        return new Map(viewers.map((v) => [v, { json: `{"v":${version}}`, hasMedia: false }]));
      },
      notification: async () => null,
    };
    const hub = new StreamHub(pubsub, renderer, logger);
    const { sink, settled } = collectingSink(1n);
    await hub.subscribe(resolveStream("user", {}, 1n), sink);
    await pubsub.publish(channels.timeline(1n), encodeMessage({ event: "update", id: "5" }));
    await new Promise((r) => setTimeout(r, 10));
    await pubsub.publish(channels.timeline(1n), encodeMessage({ event: "status.update", id: "5" }));
    const frames = await settled();
    expect(frames.map((f) => f?.payload)).toEqual(['{"v":1}', '{"v":2}']);
    await hub.close();
  });
});
