// The WebSocket layer on its own (no database): heartbeats, slow consumers, the subscription cap,
// de-duplication and cleanup. A bare node:http server, the in-process pub/sub and a stand-in
// renderer that shows every status to everyone (visibility is tested end to end in test/api).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { eventually, openRawStream, type RawStream } from "../../test/support/streams.ts";
import { createLogger } from "../log.ts";
import { channels, encodeMessage } from "./channels.ts";
import { StreamHub } from "./hub.ts";
import { MemoryPubSub } from "./pubsub.ts";
import type { StreamRenderer } from "./render.ts";
import { attachStreaming, type StreamingOptions, type StreamingServer } from "./streaming.ts";
import { StreamError } from "./streams.ts";

const logger = createLogger("silent");

interface Harness {
  url: string;
  pubsub: MemoryPubSub;
  hub: StreamHub;
  streaming: StreamingServer;
  publishUpdate(id: number): Promise<void>;
  stop(): Promise<void>;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.stop()));
});

async function harness(
  options: Partial<StreamingOptions> = {},
  renderer: Partial<StreamRenderer> = {},
): Promise<Harness> {
  const pubsub = new MemoryPubSub(logger);
  const hub = new StreamHub(
    pubsub,
    {
      status: async (id, viewers) =>
        new Map(viewers.map((v) => [v, { json: JSON.stringify({ id: String(id) }), hasMedia: false }])),
      notification: async () => null,
      ...renderer,
    },
    logger,
  );
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const streaming = attachStreaming(server, {
    hub,
    logger,
    authenticate: async (token) => {
      if (token !== "good") throw new StreamError(401, "Invalid access token");
      return { accountId: 1n, scopes: ["read"] };
    },
    ...options,
  });
  const h: Harness = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pubsub,
    hub,
    streaming,
    publishUpdate: (id) =>
      pubsub.publish(channels.public, encodeMessage({ event: "update", id: String(id) })),
    async stop() {
      await streaming.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  harnesses.push(h);
  return h;
}

const connect = (h: Harness, query: Record<string, string> = { stream: "public" }) =>
  openRawStream(h.url, { query: { access_token: "good", ...query } });

const closed = (ws: WebSocket) =>
  new Promise<void>((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) resolve();
    ws.once("close", () => resolve());
  });

describe("WebSocket streaming", () => {
  it("delivers in publish order and de-duplicates a repeated subscribe", async () => {
    const h = await harness();
    const stream = await connect(h);
    stream.send({ type: "subscribe", stream: "public" });
    await eventually(() => h.hub.listenerCount === 1);
    for (let id = 1; id <= 20; id++) await h.publishUpdate(id);
    await stream.frames.waitFor((f) => (f.payload as { id: string }).id === "20");
    expect(stream.frames.items.map((f) => (f.payload as { id: string }).id)).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i + 1)),
    );
    await stream.close();
  });

  it("pings every heartbeat and cuts a client that stops answering", async () => {
    const h = await harness({ heartbeatMs: 30 });
    const lively = await connect(h);
    const pinged = new Promise<void>((resolve) => lively.ws.once("ping", () => resolve()));
    const silentWs = new WebSocket(
      `${h.url.replace("http", "ws")}/api/v1/streaming?access_token=good&stream=public`,
      {
        autoPong: false,
      },
    );
    await new Promise((resolve) => silentWs.once("open", resolve));
    await pinged;
    await closed(silentWs);
    await eventually(() => h.streaming.connectionCount === 1 && h.hub.listenerCount === 1);
    expect(lively.ws.readyState).toBe(WebSocket.OPEN);
    await lively.close();
  });

  it("closes a connection whose token was revoked since it connected", async () => {
    let revoked = false;
    const h = await harness({
      heartbeatMs: 30,
      authenticate: async (token) => {
        if (token !== "good" || revoked) throw new StreamError(401, "Invalid access token");
        return { accountId: 1n, scopes: ["read"] };
      },
    });
    const stream = await connect(h);
    const code = new Promise<number>((resolve) => stream.ws.once("close", (c) => resolve(c)));
    await new Promise<void>((resolve) => stream.ws.once("ping", () => resolve()));
    revoked = true;
    expect(await code).toBe(1008);
    await eventually(() => h.hub.listenerCount === 0 && h.streaming.connectionCount === 0);
  });

  it("drops a consumer whose socket buffer outgrows the limit, and frees its subscriptions", async () => {
    const big = "x".repeat(64 * 1024);
    const h = await harness(
      { maxBufferedBytes: 256 * 1024 },
      {
        status: async (id, viewers) =>
          new Map(
            viewers.map((v) => [v, { json: JSON.stringify({ id: String(id), big }), hasMedia: false }]),
          ),
      },
    );
    const slow = await connect(h);
    await eventually(() => h.hub.listenerCount === 1);
    // Stop reading: the kernel buffers fill, then the server's own buffer grows.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let id = 1; id <= 400 && h.hub.listenerCount > 0; id++) await h.publishUpdate(id);
    await eventually(() => h.hub.listenerCount === 0 && h.streaming.connectionCount === 0);
    expect(h.pubsub.subscriptionCount).toBe(0);
  });

  it("drops a consumer with too many frames waiting to be rendered", async () => {
    const h = await harness({}, { status: () => new Promise(() => {}) }); // rendering never finishes
    const stream = await connect(h);
    await eventually(() => h.hub.listenerCount === 1);
    for (let id = 1; id <= 1001; id++) await h.publishUpdate(id);
    await closed(stream.ws);
    await eventually(() => h.hub.listenerCount === 0);
  });

  it("caps subscriptions per connection", async () => {
    const h = await harness({ maxSubscriptions: 2 });
    const stream = await connect(h, {});
    stream.send({ type: "subscribe", stream: "public" });
    stream.send({ type: "subscribe", stream: "user" });
    stream.send({ type: "subscribe", stream: "hashtag", tag: "one" });
    const error = await stream.errors.waitFor(() => true);
    expect(error).toEqual({ error: "Too many subscriptions (at most 2)", status: 400 });
    // `user` listens on two channels (timeline and notifications): 1 + 2 listeners.
    await eventually(() => h.hub.listenerCount === 3);
    await stream.close();
  });

  it("releases every pub/sub handler however the connection ends", async () => {
    const h = await harness();
    const streams: RawStream[] = [];
    for (let i = 0; i < 5; i++) {
      const stream = await connect(h, { stream: "user" });
      stream.send({ type: "subscribe", stream: "hashtag", tag: `t${i}` });
      streams.push(stream);
    }
    // `user` listens on its timeline and notifications, `hashtag` on its tag and public deletes.
    await eventually(() => h.hub.listenerCount === 5 * 4);
    await streams[0]!.close(); // clean close
    streams[1]!.ws.terminate(); // vanished client
    streams[2]!.send({ type: "unsubscribe", stream: "user" });
    streams[2]!.send({ type: "unsubscribe", stream: "hashtag", tag: "t2" });
    await eventually(() => h.hub.listenerCount === 2 * 4);
    await h.streaming.close(); // server shutdown closes the rest
    await Promise.all(streams.slice(3).map((s) => closed(s.ws)));
    await eventually(() => h.hub.listenerCount === 0 && h.pubsub.subscriptionCount === 0);
  });

  it("refuses a bad token and other paths before the upgrade", async () => {
    const h = await harness();
    await expect(openRawStream(h.url, { query: { access_token: "bad" } })).rejects.toMatchObject({
      status: 401,
    });
    const elsewhere = new WebSocket(`${h.url.replace("http", "ws")}/somewhere-else`);
    const status = await new Promise((resolve) => {
      elsewhere.once("unexpected-response", (_req, res) => resolve(res.statusCode));
      elsewhere.once("error", () => {});
    });
    expect(status).toBe(404);
  });
});
