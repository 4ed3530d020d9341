// The streaming API as Mastodon clients use it: the `masto` streaming client and raw WebSockets on
// /api/v1/streaming, and the SSE variants. Each stream is proven live by a probe post arriving on it
// before the real checks, and "never delivered" is checked against a later public marker post that
// did arrive (frames keep their order), so no test sleeps.
import { createStreamingAPIClient, type mastodon } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { registerUser, type UserSession } from "../support/clients.ts";
import { postgresAvailable } from "../support/postgres.ts";
import { redisAvailable, TEST_REDIS_URL } from "../support/redis.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  collect,
  eventually,
  type Frame,
  HandshakeRefused,
  openRawStream,
  openSse,
  type RawStream,
  wsUrl,
} from "../support/streams.ts";

/** Follows or mutes through the API, as a client would. */
async function relate(kind: "follow" | "mute", actor: UserSession, target: UserSession) {
  const account = actor.client.v1.accounts.$select(target.account.id);
  const relationship = kind === "follow" ? await account.follow() : await account.mute();
  expect(kind === "follow" ? relationship.following : relationship.muting).toBe(true);
}

const isUpdate = (id: string) => (f: Frame) =>
  f.event === "update" && (f.payload as { id: string }).id === id;

/**
 * Posts probes until one arrives on the stream: subscriptions are set up asynchronously (masto even
 * connects after a one-second backoff), so only a delivered probe proves a stream is live.
 */
async function untilLive(
  probe: () => Promise<{ id: string }>,
  arrived: (id: string, ms: number) => Promise<unknown>,
) {
  const deadline = Date.now() + 15_000;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
    const { id } = await probe();
    try {
      return await arrived(id, wait);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

const drivers = [
  { driver: "pglite" as const, available: true },
  { driver: "postgres" as const, available: await postgresAvailable() },
];

for (const { driver, available } of drivers) {
  describe.skipIf(!available)(`streaming API on ${driver}`, () => {
    let server: TestServer;
    let alice: UserSession; // posts
    let bob: UserSession; // follows alice
    let carol: UserSession; // follows nobody
    let streaming: mastodon.streaming.Client[] = [];
    const raw: RawStream[] = [];

    const mastoStreaming = (session: UserSession) => {
      const client = createStreamingAPIClient({
        streamingApiUrl: wsUrl(server.url),
        accessToken: session.token,
        implementation: WebSocket,
        retry: false,
      });
      streaming.push(client);
      return client;
    };
    const rawStream = async (session: UserSession, query: Record<string, string> = {}) => {
      const stream = await openRawStream(server.url, { query: { access_token: session.token, ...query } });
      raw.push(stream);
      return stream;
    };
    const post = (
      who: UserSession,
      status: string,
      visibility: "public" | "unlisted" | "private" | "direct" = "public",
    ) => who.client.v1.statuses.create({ status, visibility });

    beforeAll(async () => {
      server = (await startTestServer({ driver }))!;
      alice = await registerUser(server.url, "alice");
      bob = await registerUser(server.url, "bob");
      carol = await registerUser(server.url, "carol");
      await relate("follow", bob, alice);
    });
    afterAll(async () => {
      for (const client of streaming) client.close();
      await Promise.all(raw.map((s) => s.close()));
      await server?.stop();
    });

    it("answers the health check", async () => {
      const res = await fetch(`${server.url}/api/v1/streaming/health`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("OK");
    });

    it("delivers a followee's post to the follower's user stream (masto client)", async () => {
      const events = collect(mastoStreaming(bob).user.subscribe());
      await untilLive(
        () => post(bob, "bob's probe"),
        (id, ms) => events.waitFor((e) => e.event === "update" && e.payload.id === id, ms),
      );
      const status = await post(alice, "hello followers");
      const update = await events.waitFor((e) => e.event === "update" && e.payload.id === status.id);
      expect(update.stream).toEqual(["user"]);
      if (update.event !== "update") throw new Error("unreachable");
      expect(update.payload.content).toBe(status.content);
      expect(update.payload.account.username).toBe("alice");
      expect(update.payload.favourited).toBe(false); // rendered for the viewer
    });

    it("sends the mentioned user a notification (masto client)", async () => {
      const events = collect(mastoStreaming(carol).user.subscribe());
      await untilLive(
        () => post(carol, "carol's probe"),
        (id, ms) => events.waitFor((e) => e.event === "update" && e.payload.id === id, ms),
      );
      const status = await post(alice, "hi @carol");
      const note = await events.waitFor((e) => e.event === "notification");
      if (note.event !== "notification") throw new Error("unreachable");
      expect(note.payload.type).toBe("mention");
      expect(note.payload.account.username).toBe("alice");
      expect(note.payload.status?.id).toBe(status.id);
    });

    it("frames events exactly as Mastodon: payload is a JSON string; token via Sec-WebSocket-Protocol is echoed", async () => {
      const stream = await openRawStream(server.url, { protocols: [bob.token], query: { stream: "public" } });
      raw.push(stream);
      expect(stream.ws.protocol).toBe(bob.token);
      const frame = (await untilLive(
        () => post(alice, "framed"),
        (id, ms) => stream.frames.waitFor(isUpdate(id), ms),
      )) as Frame;
      expect(frame.stream).toEqual(["public"]);
      expect(typeof frame.rawPayload).toBe("string");
    });

    it("streams public posts on public and public:local, never unlisted, private or direct ones", async () => {
      const stream = await rawStream(carol, { stream: "public" });
      stream.send({ type: "subscribe", stream: "public:local" });
      await untilLive(
        () => post(alice, "public probe"),
        (id, ms) => stream.frames.waitFor((f) => isUpdate(id)(f) && f.stream[0] === "public:local", ms),
      );
      const hidden = await Promise.all([
        post(alice, "unlisted one", "unlisted"),
        post(alice, "private one", "private"),
        post(alice, "direct one @bob", "direct"),
      ]);
      const marker = await post(alice, "public marker");
      await stream.frames.waitFor((f) => isUpdate(marker.id)(f) && f.stream[0] === "public");
      await stream.frames.waitFor((f) => isUpdate(marker.id)(f) && f.stream[0] === "public:local");
      const seen = stream.frames.items.map((f) => (f.payload as { id?: string }).id);
      for (const s of hidden) expect(seen).not.toContain(s.id);
    });

    it("streams tagged posts on the hashtag stream, case-insensitively", async () => {
      const stream = await rawStream(carol);
      stream.send({ type: "subscribe", stream: "hashtag", tag: "Cats" });
      await untilLive(
        () => post(carol, "probe #cats"),
        (id, ms) => stream.frames.waitFor(isUpdate(id), ms),
      );
      const other = await post(alice, "about #dogs");
      const tagged = await post(alice, "look #CATS");
      const frame = await stream.frames.waitFor(isUpdate(tagged.id));
      expect(frame.stream).toEqual(["hashtag", "Cats"]);
      expect(stream.frames.items.some(isUpdate(other.id))).toBe(false);
      // …and with the masto client, whose filter needs the tag in `stream`.
      const events = collect(mastoStreaming(carol).hashtag.subscribe({ tag: "cats" }));
      await untilLive(
        () => post(carol, "second probe #cats"),
        (id, ms) =>
          events.waitFor((e) => e.event === "update" && e.payload.id === id && e.stream[1] === "cats", ms),
      );
    });

    it("sends status.update (rendered per viewer) and delete to the user and public streams", async () => {
      const user = await rawStream(bob, { stream: "user" });
      const pub = await rawStream(carol, { stream: "public" });
      await untilLive(
        () => post(bob, "probe"),
        (id, ms) =>
          Promise.all([user.frames.waitFor(isUpdate(id), ms), pub.frames.waitFor(isUpdate(id), ms)]),
      );
      const status = await post(alice, "first draft");
      await user.frames.waitFor(isUpdate(status.id));
      await bob.client.v1.statuses.$select(status.id).favourite();
      await alice.client.v1.statuses.$select(status.id).update({ status: "second draft" });
      for (const [stream, favourited] of [
        [user, true],
        [pub, false],
      ] as const) {
        const edited = await stream.frames.waitFor(
          (f) => f.event === "status.update" && (f.payload as { id: string }).id === status.id,
        );
        const payload = edited.payload as { content: string; favourited: boolean; favourites_count: number };
        expect(payload.content).toContain("second draft");
        expect(payload.favourites_count).toBe(1);
        expect(payload.favourited).toBe(favourited); // bob favourited it, carol didn't
      }
      await alice.client.v1.statuses.$select(status.id).remove();
      for (const stream of [user, pub]) {
        const deleted = await stream.frames.waitFor((f) => f.event === "delete" && f.payload === status.id);
        expect(deleted.rawPayload).toBe(status.id);
      }
    });

    it("streams a reblog with the original inside and the viewer's flags", async () => {
      const user = await rawStream(bob, { stream: "user" });
      await untilLive(
        () => post(bob, "probe"),
        (id, ms) => user.frames.waitFor(isUpdate(id), ms),
      );
      const status = await post(alice, "reblog me");
      await bob.client.v1.statuses.$select(status.id).reblog();
      const frame = await user.frames.waitFor(
        (f) => f.event === "update" && (f.payload as { reblog?: { id: string } }).reblog?.id === status.id,
      );
      const payload = frame.payload as {
        reblogged: boolean;
        reblog: { reblogged: boolean; reblogs_count: number };
      };
      expect(payload.reblogged).toBe(true);
      expect(payload.reblog.reblogged).toBe(true);
      expect(payload.reblog.reblogs_count).toBe(1);
    });

    it("never delivers a private post to a non-follower, on any stream", async () => {
      const stream = await rawStream(carol, { stream: "user" });
      for (const name of ["user:notification", "public", "public:local"])
        stream.send({ type: "subscribe", stream: name });
      stream.send({ type: "subscribe", stream: "hashtag", tag: "secret" });
      const follower = await rawStream(bob, { stream: "user" });
      await untilLive(
        () => post(carol, "probe #secret"),
        (id, ms) =>
          Promise.all(
            ["user", "public", "public:local", "hashtag"].map((label) =>
              stream.frames.waitFor((f) => isUpdate(id)(f) && f.stream[0] === label, ms),
            ),
          ),
      );
      const secret = await post(alice, "followers only #secret", "private");
      await alice.client.v1.statuses.$select(secret.id).update({ status: "still followers only #secret" });
      // The follower does get it, so the post really went out.
      await follower.frames.waitFor(isUpdate(secret.id));
      const marker = await post(alice, "marker #secret");
      for (const label of ["public", "public:local", "hashtag"]) {
        await stream.frames.waitFor((f) => isUpdate(marker.id)(f) && f.stream[0] === label);
      }
      const leaked = stream.frames.items.filter((f) => JSON.stringify(f.payload).includes(secret.id));
      expect(leaked).toEqual([]);
    });

    it("skips authors the viewer muted", async () => {
      const dave = await registerUser(server.url, "dave");
      const stream = await rawStream(dave, { stream: "public" });
      await untilLive(
        () => post(dave, "dave's probe"),
        (id, ms) => stream.frames.waitFor(isUpdate(id), ms),
      );
      await relate("mute", dave, alice);
      const muted = await post(alice, "you muted me");
      const marker = await post(carol, "carol's marker");
      await stream.frames.waitFor(isUpdate(marker.id));
      expect(stream.frames.items.some(isUpdate(muted.id))).toBe(false);
    });

    it("never streams the posts of an author who blocked the viewer", async () => {
      const erin = await registerUser(server.url, "erin");
      const frank = await registerUser(server.url, "frank");
      const stream = await rawStream(frank, { stream: "public" });
      stream.send({ type: "subscribe", stream: "hashtag", tag: "blocked" });
      await untilLive(
        () => post(frank, "frank's probe #blocked"),
        (id, ms) =>
          Promise.all(
            ["public", "hashtag"].map((label) =>
              stream.frames.waitFor((f) => isUpdate(id)(f) && f.stream[0] === label, ms),
            ),
          ),
      );
      await erin.client.v1.accounts.$select(frank.account.id).block();
      const hidden = await post(erin, "not for frank #blocked");
      const marker = await post(carol, "carol's marker #blocked");
      for (const label of ["public", "hashtag"]) {
        await stream.frames.waitFor((f) => isUpdate(marker.id)(f) && f.stream[0] === label);
      }
      expect(stream.frames.items.some(isUpdate(hidden.id))).toBe(false);
    });

    it("refuses bad or missing tokens with HTTP 401 before the upgrade", async () => {
      const refusal = (query: Record<string, string>) =>
        openRawStream(server.url, { query }).then(
          () => 101,
          (err: unknown) => (err instanceof HandshakeRefused ? err.status : -1),
        );
      expect(await refusal({ access_token: "not-a-token" })).toBe(401);
      expect(await refusal({})).toBe(401);
      expect(await refusal({ access_token: "not-a-token", stream: "public" })).toBe(401);
      const sse = await fetch(`${server.url}/api/v1/streaming/public?access_token=nope`);
      expect(sse.status).toBe(401);
      expect(await sse.json()).toEqual({ error: expect.any(String) });
    });

    it("answers bad subscribe messages with Mastodon's error frames and keeps the socket", async () => {
      const stream = await rawStream(carol);
      stream.send({ type: "subscribe", stream: "nonsense" });
      expect(await stream.errors.waitFor(() => true)).toEqual({ error: "Unknown stream type", status: 400 });
      stream.send({ type: "subscribe", stream: "hashtag" });
      await stream.errors.waitFor((e) => e.error === "No tag for stream provided");
      stream.ws.send("{not json");
      await stream.errors.waitFor((e) => e.error === "Invalid JSON");
      stream.send({ type: "subscribe", stream: "public" });
      await untilLive(
        () => post(alice, "still works"),
        (id, ms) => stream.frames.waitFor(isUpdate(id), ms),
      );
    });

    it("stops delivering after unsubscribe", async () => {
      const stream = await rawStream(carol, { stream: "public" });
      stream.send({ type: "subscribe", stream: "hashtag", tag: "after" });
      await untilLive(
        () => post(carol, "probe #after"),
        (id, ms) => stream.frames.waitFor((f) => isUpdate(id)(f) && f.stream[0] === "hashtag", ms),
      );
      stream.send({ type: "unsubscribe", stream: "public" });
      const marker = await post(carol, "marker #after"); // also proves the unsubscribe was processed first
      await stream.frames.waitFor((f) => isUpdate(marker.id)(f) && f.stream[0] === "hashtag");
      expect(stream.frames.items.filter((f) => f.stream[0] === "public" && isUpdate(marker.id)(f))).toEqual(
        [],
      );
    });

    it("streams over SSE, and an aborted SSE request leaves no subscription behind", async () => {
      const before = server.running.realtime.hub.listenerCount;
      const sse = await openSse(`${server.url}/api/v1/streaming/public`, carol.token);
      expect(sse.status).toBe(200);
      expect(sse.contentType).toContain("text/event-stream");
      await eventually(() => server.running.realtime.hub.listenerCount > before);
      const status = await post(alice, "over SSE");
      const event = await sse.events.waitFor((e) => e.event === "update" && e.data.includes(status.id));
      expect(JSON.parse(event.data).id).toBe(status.id);
      sse.close();
      await eventually(() => server.running.realtime.hub.listenerCount === before);
    });

    it("authenticates SSE by access_token query and checks the stream name", async () => {
      const ok = await openSse(
        `${server.url}/api/v1/streaming/user/notification?access_token=${carol.token}`,
      );
      expect(ok.status).toBe(200);
      ok.close();
      const unknown = await openSse(`${server.url}/api/v1/streaming/nonsense`, carol.token);
      expect(unknown.status).toBe(400);
      const untagged = await openSse(`${server.url}/api/v1/streaming/hashtag`, carol.token);
      expect(untagged.status).toBe(400);
    });

    it("releases every pub/sub handler when clients disconnect", async () => {
      for (const client of streaming) client.close();
      streaming = [];
      await Promise.all(raw.splice(0).map((s) => s.close()));
      await eventually(
        () =>
          server.running.realtime.hub.listenerCount === 0 && server.running.realtime.connectionCount === 0,
      );
    });
  });
}

describe("streaming across two server processes sharing PostgreSQL and Redis", async () => {
  const ready = (await redisAvailable()) && (await postgresAvailable());
  let one: TestServer;
  let two: TestServer;
  const streams: RawStream[] = [];

  beforeAll(async () => {
    if (!ready) return;
    const env = { REDIS_URL: TEST_REDIS_URL };
    one = (await startTestServer({ driver: "postgres", env }))!;
    two = (await startTestServer({ driver: "postgres", databaseUrl: one.databaseUrl!, env }))!;
  });
  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await two?.stop(); // before `one`, whose stop drops the shared database
    await one?.stop();
  });

  it.skipIf(!ready)("delivers a post made on server 1 to streams connected to server 2", async () => {
    const author = await registerUser(one.url, "author");
    const reader = await registerUser(two.url, "reader");
    await relate("follow", reader, author);
    const user = await openRawStream(two.url, { query: { access_token: reader.token, stream: "user" } });
    const pub = await openRawStream(two.url, { query: { access_token: reader.token, stream: "public" } });
    streams.push(user, pub);
    await untilLive(
      () => reader.client.v1.statuses.create({ status: "reader's probe" }),
      (id, ms) => Promise.all([user.frames.waitFor(isUpdate(id), ms), pub.frames.waitFor(isUpdate(id), ms)]),
    );
    const status = await author.client.v1.statuses.create({ status: "posted on server one" });
    for (const stream of [user, pub]) {
      const frame = await stream.frames.waitFor(isUpdate(status.id));
      expect((frame.payload as { content: string }).content).toBe(status.content);
    }
    const secret = await author.client.v1.statuses.create({
      status: "followers only",
      visibility: "private",
    });
    await user.frames.waitFor(isUpdate(secret.id)); // the follower gets it across processes too
    await author.client.v1.statuses.$select(status.id).remove();
    await pub.frames.waitFor((f) => f.event === "delete" && f.payload === status.id);
    expect(pub.frames.items.some(isUpdate(secret.id))).toBe(false);
  });
});

describe("streaming on shutdown", () => {
  it("closes WebSocket (1001) and SSE streams, so they can't hold the HTTP server open", async () => {
    // With a shutdown grace longer than the test timeout, a stream left open would hang stop().
    const server = (await startTestServer({ env: { SHUTDOWN_TIMEOUT_MS: "600000" } }))!;
    try {
      const user = await registerUser(server.url, "leaver");
      const ws = await openRawStream(server.url, { query: { access_token: user.token, stream: "public" } });
      const code = new Promise<number>((resolve) => ws.ws.once("close", (c) => resolve(c)));
      const sse = await openSse(`${server.url}/api/v1/streaming/public`, user.token);
      expect(sse.status).toBe(200);
      await eventually(() => server.running.realtime.hub.listenerCount === 2);
      await server.stop();
      expect(await code).toBe(1001);
    } finally {
      await server.stop();
    }
  });
});
