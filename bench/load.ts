// The load generator, run by bench/run.ts as its own process so autocannon never shares an event
// loop with a server it measures. Reads {url, connections, duration, timeout, requests} as JSON on
// stdin, writes one progress line per second on stderr ({"tick":…}) and the summary as JSON on stdout.
// With `rotateHeaders`, every request takes the next header set (shared across connections, so
// the sets are used evenly): e.g. a different user's token on each request.
import { text } from "node:stream/consumers";
import autocannon, { type Request } from "autocannon";
import type { BenchRequest } from "./scenario.ts";

export interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: BenchRequest[];
  rotateHeaders?: Record<string, string>[] | undefined;
}

export interface LoadResult {
  requestsPerSec: number;
  requestsTotal: number;
  latencyMs: { p50: number; p90: number; p99: number; average: number; max: number };
  bytesPerSec: number;
  durationSec: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

const options = JSON.parse(await text(process.stdin)) as LoadOptions;
const rotation = options.rotateHeaders ?? [];
let next = 0;
const requests: Request[] = rotation.length
  ? options.requests.map((request) => ({
      ...request,
      setupRequest: (req: Request) => ({
        ...req,
        headers: { ...req.headers, ...rotation[next++ % rotation.length] },
      }),
    }))
  : options.requests;
const instance = autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.duration,
  timeout: options.timeout,
  requests,
});
let elapsed = 0;
instance.on("tick", ({ counter }: { counter: number }) => {
  elapsed += 1;
  process.stderr.write(`${JSON.stringify({ tick: { elapsed, counter } })}\n`);
});
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => instance.stop());

const result = await instance;
const summary: LoadResult = {
  requestsPerSec: result.requests.average,
  requestsTotal: result.requests.total,
  latencyMs: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    average: result.latency.average,
    max: result.latency.max,
  },
  bytesPerSec: result.throughput.average,
  durationSec: result.duration,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
