// The server-sent-events side of Mastodon's streaming API (the WebSocket side is in
// src/realtime/streaming.ts): GET /api/v1/streaming/user, /user/notification, /public,
// /public/local, /public/remote, /hashtag?tag=, /hashtag/local?tag= (`only_media=true` on public),
// as `event: update` / `data: <json>` messages with `:thump` heartbeats; and /health.
import { Hono } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import { streamToken } from "../realtime/auth.ts";
import type { Realtime } from "../realtime/realtime.ts";
import { OrderedSink } from "../realtime/sink.ts";
import { checkStreamScope, resolveStream, StreamError, type StreamSpec } from "../realtime/streams.ts";
import type { ApiDeps } from "./deps.ts";
import { ApiError } from "./errors.ts";

export interface StreamingRoutesDeps extends ApiDeps {
  realtime: Realtime;
}

const PREFIX = "/api/v1/streaming/";
const HEARTBEAT_MS = 15_000;

/** `/public/local` with `only_media=true` is the stream Mastodon calls `public:local:media`. */
function streamName(path: string, onlyMedia: boolean): string {
  const name = path.slice(PREFIX.length).replace(/\/+$/, "").replaceAll("/", ":");
  return onlyMedia && name.startsWith("public") && !name.endsWith(":media") ? `${name}:media` : name;
}

/** Resolves once the client goes away, the stream is cut (too slow), or the server shuts down. */
function ended(stream: SSEStreamingApi, signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    stream.onAbort(resolve);
    for (const signal of signals) {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    }
  });
}

interface Session {
  spec: StreamSpec;
  viewerId: bigint;
  token: string | null;
  request: AbortSignal;
}

async function serve(stream: SSEStreamingApi, deps: StreamingRoutesDeps, session: Session) {
  const { spec, viewerId, token, request } = session;
  const done = ended(stream, [request, deps.realtime.shutdown]);
  const sink = new OrderedSink({
    viewerId,
    write: (frame) => stream.writeSSE({ event: frame.event, data: frame.payload }),
    overflow: () => stream.abort(),
  });
  let unsubscribe: (() => Promise<void>) | null = null;
  // Each heartbeat also checks the token again: a revoked one (sign-out, suspension) ends the stream.
  const heartbeat = setInterval(() => {
    void stream.write(":thump\n\n");
    deps.realtime.authenticate(token).catch((err: unknown) => {
      if (err instanceof StreamError) stream.abort();
    });
  }, HEARTBEAT_MS);
  try {
    await stream.write(":)\n\n"); // Mastodon's greeting: proxies see bytes at once, clients ignore comments
    unsubscribe = await deps.realtime.hub.subscribe(spec, sink);
    await done;
  } finally {
    clearInterval(heartbeat);
    sink.close();
    await unsubscribe?.();
  }
}

export function streamingRoutes(deps: StreamingRoutesDeps) {
  return new Hono()
    .get("/api/v1/streaming/health", (c) => c.text("OK"))
    .get("/api/v1/streaming/*", async (c) => {
      const name = streamName(c.req.path, ["true", "1"].includes(c.req.query("only_media") ?? ""));
      let spec: StreamSpec;
      let viewerId: bigint;
      const token = streamToken({
        authorization: c.req.header("authorization"),
        accessToken: c.req.query("access_token"),
      });
      try {
        const viewer = await deps.realtime.authenticate(token);
        checkStreamScope(name, viewer.scopes);
        spec = resolveStream(name, { tag: c.req.query("tag") }, viewer.accountId);
        viewerId = viewer.accountId;
      } catch (err) {
        if (err instanceof StreamError) throw new ApiError(err.status, err.message);
        throw err;
      }
      c.header("X-Accel-Buffering", "no"); // tell nginx-like proxies not to hold events back
      const session = { spec, viewerId, token, request: c.req.raw.signal };
      return streamSSE(c, (stream) => serve(stream, deps, session));
    });
}
