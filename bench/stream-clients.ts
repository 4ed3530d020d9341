// The streaming clients of the stream scenario, run as their own process (like bench/load.ts) so
// they never share an event loop with the server or the poster. Reads one JSON line on stdin
// ({url, tokens}), opens one WebSocket per token on /api/v1/streaming?stream=user, and reports
// on stdout, one JSON line each: {"connecting"}, then {"ready"}, then {"counts"} as `update` frames
// arrive. Each post's text carries `k=KEY t=MS` (MS: when the post request started, on the shared
// clock below); a frame's latency is its arrival time minus t. On "end" on stdin it prints
// {"result"} with every latency and exits.
import readline from "node:readline";
import WebSocket from "ws";

export interface ClientsInput {
  url: string;
  tokens: string[];
}

export interface ClientsResult {
  connected: number;
  failed: string[];
  /** Sockets that closed before the end. */
  closedEarly: number;
  /** Frames per post key, across all clients. */
  counts: Record<string, number>;
  /** Latency (ms) of every frame of a measured post (keys not starting with "w"). */
  latencies: number[];
  duplicates: number;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes (as in stream.ts). */
const clock = () => performance.timeOrigin + performance.now();

const MARKER = /k=(\w+) t=([\d.]+)/;

const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

const lines = readline.createInterface({ input: process.stdin });
const iterator = lines[Symbol.asyncIterator]();
const first = await iterator.next();
const input = JSON.parse(first.value as string) as ClientsInput;
const base = input.url.replace(/^http/, "ws");

const result: ClientsResult = {
  connected: 0,
  failed: [],
  closedEarly: 0,
  counts: {},
  latencies: [],
  duplicates: 0,
};
const sockets: WebSocket[] = [];
let ending = false;
let countsDirty = false;

function onFrame(seen: Set<string>, data: WebSocket.RawData) {
  const now = clock();
  const text = data.toString();
  if (!text.includes('"event":"update"')) return;
  const match = MARKER.exec(text);
  if (!match) return;
  const [, key, sent] = match as unknown as [string, string, string];
  if (seen.has(key)) {
    result.duplicates++;
    return;
  }
  seen.add(key);
  result.counts[key] = (result.counts[key] ?? 0) + 1;
  if (!key.startsWith("w")) result.latencies.push(Math.round((now - Number(sent)) * 100) / 100);
  countsDirty = true;
}

function connect(token: string): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(
      `${base}/api/v1/streaming?stream=user&access_token=${encodeURIComponent(token)}`,
    );
    const seen = new Set<string>();
    ws.on("open", () => {
      result.connected++;
      sockets.push(ws);
      resolve();
    });
    ws.on("message", (data) => onFrame(seen, data));
    ws.on("unexpected-response", (_req, res) => {
      result.failed.push(`HTTP ${res.statusCode}`);
      resolve();
    });
    ws.on("error", (err) => {
      if (ws.readyState !== WebSocket.OPEN) {
        result.failed.push(err.message);
        resolve();
      }
    });
    ws.on("close", () => {
      if (!ending && result.connected > 0 && sockets.includes(ws)) result.closedEarly++;
    });
  });
}

// A few handshakes at a time: each one authenticates its token against the database.
let next = 0;
const lane = async () => {
  while (next < input.tokens.length) {
    await connect(input.tokens[next++]!);
    if (next % 50 === 0) say({ connecting: { done: next, total: input.tokens.length } });
  }
};
await Promise.all(Array.from({ length: 16 }, lane));
say({ ready: { connected: result.connected, failed: result.failed.length } });

const reporter = setInterval(() => {
  if (!countsDirty) return;
  countsDirty = false;
  say({ counts: result.counts });
}, 100);

for await (const line of { [Symbol.asyncIterator]: () => iterator }) {
  if (line.trim() === "end") break;
}
ending = true;
clearInterval(reporter);
for (const ws of sockets) ws.terminate();
// The result can be large; exit only once the pipe has taken all of it.
process.stdout.write(`${JSON.stringify({ result })}\n`, () => process.exit(0));
