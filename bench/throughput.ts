// A throughput run: the scenario's requests against Atelier and against a bare node:http server
// answering the very bytes Atelier sent, in alternating rounds; req/s, p50/p99 and the ratio.
import os from "node:os";
import type { BareRoute } from "./bare.ts";
import type { LoadResult } from "./load.ts";
import { BenchError, status, stopChild } from "./procs.ts";
import { type BenchReport, type Machine, type Payload, summarize, throughputVerdicts } from "./report.ts";
import type { BenchEnv, BenchRequest, RunOptions, Scenario } from "./scenario.ts";
import { ensureAlive, fetchRaw, runLoad, startBare, type Target } from "./target.ts";

const TARGET_LABEL = "Atelier";
const BARE_LABEL = "bare node:http";

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: (cpus[0]?.model ?? "unknown CPU").replace(/\s+/g, " ").trim(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    node: process.versions.node,
  };
}

export interface ThroughputInput {
  scenario: Scenario;
  options: RunOptions;
  env: BenchEnv;
  dataset: string | undefined;
  target: Target;
  requests: BenchRequest[];
  rotateHeaders: Record<string, string>[] | undefined;
}

/** Records Atelier's answer to each distinct request: what the bare server will send back. */
async function recordRoutes(
  target: Target,
  requests: BenchRequest[],
  rotate: Record<string, string>[] | undefined,
) {
  const routes = new Map<string, BareRoute>();
  const payloads: Payload[] = [];
  for (const request of requests) {
    const method = (request.method ?? "GET").toUpperCase();
    if (routes.has(`${method} ${request.path}`)) continue;
    // With rotating headers (one token per user) the first set stands for all of them.
    const headers = { ...request.headers, ...rotate?.[0] };
    const response = await fetchRaw(target.url, { ...request, headers });
    if (response.status < 200 || response.status >= 300) {
      throw new BenchError(
        `Atelier answered ${response.status} to ${method} ${request.path}; a benchmark needs a 2xx:\n${response.body.toString().slice(0, 500)}`,
      );
    }
    const copied: Record<string, string> = {};
    for (const name of ["content-type", "content-encoding"]) {
      const value = response.headers[name];
      if (typeof value === "string") copied[name] = value;
    }
    routes.set(`${method} ${request.path}`, {
      method,
      path: request.path,
      status: response.status,
      headers: copied,
      body: response.body.toString("base64"),
    });
    payloads.push({
      method,
      path: request.path,
      status: response.status,
      contentType: copied["content-type"] ?? "",
      contentEncoding: copied["content-encoding"] ?? null,
      bytes: response.body.length,
    });
  }
  return { routes: [...routes.values()], payloads };
}

export async function runThroughput(input: ThroughputInput): Promise<BenchReport> {
  const { scenario, options, target, requests, rotateHeaders } = input;
  if (requests.length === 0) throw new BenchError(`scenario ${scenario.name} has no requests`);
  const { routes, payloads } = await recordRoutes(target, requests, rotateHeaders);
  const bareRounds: LoadResult[] = [];
  const targetRounds: LoadResult[] = [];
  const bare = await startBare(routes);
  try {
    status(
      `  bare node:http at ${bare.url}, answering the same ${payloads.length === 1 ? "bytes" : "responses"}`,
    );
    const servers = [
      {
        label: BARE_LABEL,
        url: bare.url,
        rounds: bareRounds,
        child: bare.child,
        output: () => "",
        rotate: undefined,
      },
      {
        label: TARGET_LABEL,
        url: target.url,
        rounds: targetRounds,
        child: target.child,
        output: target.output,
        rotate: rotateHeaders,
      },
    ];
    const load = (server: (typeof servers)[number], label: string, durationSec: number) =>
      runLoad({
        url: server.url,
        requests,
        // The bare server ignores headers; rotating them there would only cost the load generator.
        rotateHeaders: server.rotate,
        connections: options.connections,
        durationSec,
        label,
      });
    if (options.warmupSec > 0) {
      for (const server of servers) {
        await load(server, `warm-up ${server.label}`, options.warmupSec);
        ensureAlive(server.label, server.child, server.output);
      }
    }
    for (let round = 1; round <= options.rounds; round++) {
      // Alternate which server goes first, so drift in machine load spreads over both.
      const order = round % 2 === 1 ? servers : [...servers].reverse();
      for (const server of order) {
        server.rounds.push(
          await load(server, `round ${round}/${options.rounds} ${server.label}`, options.durationSec),
        );
        ensureAlive(server.label, server.child, server.output);
      }
    }
  } finally {
    await stopChild(bare.child, 5_000);
  }

  const bareSummary = summarize(BARE_LABEL, bareRounds);
  const targetSummary = summarize(TARGET_LABEL, targetRounds);
  const ratio = targetSummary.median.requestsPerSec / bareSummary.median.requestsPerSec;
  const withData = scenario.dataset !== undefined || input.env.databaseUrl !== undefined;
  return {
    kind: "throughput",
    scenario: { name: scenario.name, description: scenario.description },
    date: new Date().toISOString(),
    machine: machine(),
    ...(withData ? { db: input.env.db, dataset: input.dataset ?? "no generated data" } : {}),
    options: {
      connections: options.connections,
      durationSec: options.durationSec,
      rounds: options.rounds,
      warmupSec: options.warmupSec,
    },
    payloads,
    bare: bareSummary,
    target: targetSummary,
    ratio,
    ...(scenario.goals
      ? { goals: throughputVerdicts(scenario.goals, input.env.db, ratio, targetSummary.median.p99) }
      : {}),
    ok: targetSummary.errors + targetSummary.non2xx + bareSummary.errors + bareSummary.non2xx === 0,
  };
}
