// The WebSocket side of GET /api/v1/streaming, on the Node HTTP server's `upgrade` event: the
// token is checked (and, for a `stream` given in the URL, its scope) before the handshake, so a
// bad token gets a plain HTTP 401; then one StreamConnection per socket, pinged every 30 s (when
// the token is also checked again, so a revoked one closes the socket).
import type { IncomingMessage, Server } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { Logger } from "../log.ts";
import { type StreamViewer, streamToken } from "./auth.ts";
import type { StreamHub } from "./hub.ts";
import { checkStreamScope, StreamError } from "./streams.ts";
import { StreamConnection } from "./ws-connection.ts";

export const STREAMING_PATH = "/api/v1/streaming";

export interface StreamingOptions {
  /** Resolves a token (or its absence) to the viewer, or throws a StreamError (401). */
  authenticate(token: string | null): Promise<StreamViewer>;
  hub: StreamHub;
  logger: Logger;
  heartbeatMs?: number;
  maxSubscriptions?: number;
  maxBufferedBytes?: number;
  /** Largest client message; subscribe messages are tiny. */
  maxPayloadBytes?: number;
}

export interface StreamingServer {
  readonly connectionCount: number;
  /** Closes every socket (1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

/** Answers an upgrade request with a plain HTTP error, as Mastodon does for a bad token. */
function rejectUpgrade(socket: Duplex, status: number, error: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}

export function attachStreaming(server: Server, options: StreamingOptions): StreamingServer {
  const { hub, logger } = options;
  const limits = {
    maxSubscriptions: options.maxSubscriptions ?? 32,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
  };
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes ?? 64 * 1024,
    // Browsers send the token as the protocol; the handshake must echo it or they drop the socket.
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });
  const connections = new Set<StreamConnection>();
  let closing = false;

  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  const accept = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    token: string | null,
    viewer: StreamViewer,
    url: URL,
  ) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (closing) return ws.close(1001, "Server shutting down");
      const reauthenticate = () => options.authenticate(token);
      const connection = new StreamConnection(ws, viewer, { hub, limits, logger, reauthenticate });
      connections.add(connection);
      ws.once("close", () => connections.delete(connection));
      const initial = url.searchParams.get("stream");
      if (initial) void connection.subscribe(initial, { tag: url.searchParams.get("tag") ?? undefined });
    });
  };

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => {}); // a client vanishing mid-handshake is not our error
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname.replace(/\/+$/, "") !== STREAMING_PATH)
      return rejectUpgrade(socket, 404, "Record not found");
    if (closing) return rejectUpgrade(socket, 503, "Server shutting down");
    try {
      const token = streamToken({
        authorization: req.headers.authorization,
        accessToken: url.searchParams.get("access_token"),
        protocol: req.headers["sec-websocket-protocol"],
      });
      const viewer = await options.authenticate(token);
      const initial = url.searchParams.get("stream");
      if (initial) checkStreamScope(initial, viewer.scopes);
      if (!socket.destroyed) accept(req, socket, head, token, viewer, url);
    } catch (err) {
      if (err instanceof StreamError) return rejectUpgrade(socket, err.status, err.message);
      logger.error({ err }, "streaming handshake failed");
      rejectUpgrade(socket, 500, "Internal server error");
    }
  };
  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head);
  server.on("upgrade", listener);

  return {
    get connectionCount() {
      return connections.size;
    },
    async close() {
      closing = true;
      clearInterval(heartbeat);
      server.off("upgrade", listener);
      const open = [...connections];
      for (const client of wss.clients) client.close(1001, "Server shutting down");
      await Promise.allSettled(open.map((connection) => connection.close()));
      // Whoever hasn't completed the closing handshake shortly is cut, so shutdown isn't held up.
      const deadline = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, 1000);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      clearTimeout(deadline);
    },
  };
}
