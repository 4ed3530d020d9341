// The processes a run talks to: Atelier (src/main.ts start), the bare node:http baseline
// (bench/bare.ts) and the load generator (bench/load.ts), each a child process of the harness.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";
import { text } from "node:stream/consumers";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { BareRoute } from "./bare.ts";
import type { LoadOptions, LoadResult } from "./load.ts";
import {
  BenchError,
  capture,
  exitedEarly,
  freePort,
  showProgress,
  status,
  stopChild,
  track,
} from "./procs.ts";
import type { BenchEnv, BenchRequest } from "./scenario.ts";

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, "..");
export const MAIN = path.join(ROOT, "src", "main.ts");

export interface Target {
  url: string;
  child: ChildProcess;
  output(): string;
}

/** Atelier's environment on the bench data: the embedded defaults unless asked otherwise. */
export function atelierEnv(env: BenchEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  // Whatever the shell has exported, the run decides the database and the URL.
  for (const name of ["DATABASE_URL", "REDIS_URL", "PUBLIC_URL"]) delete out[name];
  // A generated dataset has no embeddings yet: the start-up reindex would run through the whole
  // measurement, so the benchmarks leave it off (the retrieval scenario indexes on its own).
  Object.assign(out, {
    DATA_DIR: env.dataDir,
    RATE_LIMIT: "off",
    LOG_LEVEL: "warn",
    AI_REINDEX_ON_START: "off",
  });
  if (env.databaseUrl) out.DATABASE_URL = env.databaseUrl;
  return Object.assign(out, extra);
}

export async function startTarget(env: BenchEnv, extraEnv: Record<string, string>): Promise<Target> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [MAIN, "start"], {
      cwd: ROOT,
      env: atelierEnv(env, { PORT: String(port), HOST: "127.0.0.1", ...extraEnv }),
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  const output = capture(child);
  const url = `http://127.0.0.1:${port}`;
  const early = exitedEarly(child, "Atelier", output);
  const deadline = Date.now() + 180_000;
  // LOG_LEVEL=warn hides the "ready" line, so readiness is the contract itself: /api/v2/instance → 200.
  while (true) {
    const ok = await Promise.race([
      fetch(`${url}/api/v2/instance`, { signal: AbortSignal.timeout(2_000) }).then(
        (res) => res.body?.cancel().then(() => res.ok) ?? res.ok,
        () => false,
      ),
      early,
    ]);
    if (ok) break;
    if (Date.now() > deadline) throw new BenchError(`Atelier was not ready within 180 s:\n${output()}`);
    await Promise.race([sleep(100), early]);
  }
  return { url, child, output };
}

export async function stopTarget(target: Target) {
  const code = await stopChild(target.child, 20_000);
  if (code !== 0) {
    status(`warning: Atelier exited with ${code ?? "a signal"} after SIGTERM\n${target.output()}`);
  } else if (target.output().trim()) {
    const lines = target.output().trim().split("\n");
    status(
      `Atelier logged ${lines.length} line(s) at warn or above; the last:\n${lines.slice(-10).join("\n")}`,
    );
  }
}

/** A server that went away mid-run turns its numbers into connection errors; say so instead. */
export function ensureAlive(label: string, child: ChildProcess, output: () => string) {
  const { exitCode, signalCode } = child;
  if (exitCode === null && signalCode === null) return;
  throw new BenchError(
    `${label} exited during the benchmark (${signalCode ?? `code ${exitCode}`}); it was not stopped by the harness:\n${output()}`,
  );
}

/** One request with node:http, so the exact bytes (and encoding) autocannon will see are recorded. */
export function fetchRaw(
  baseUrl: string,
  request: BenchRequest,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(request.path, baseUrl),
      { method: request.method ?? "GET", headers: request.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

export async function startBare(routes: BareRoute[]): Promise<{ url: string; child: ChildProcess }> {
  const child = track(
    spawn(process.execPath, [path.join(BENCH_DIR, "bare.ts")], { stdio: ["pipe", "pipe", "inherit"] }),
  );
  child.stdin!.end(JSON.stringify(routes));
  const early = exitedEarly(child, "the bare server", () => "");
  const lines = readline.createInterface({ input: child.stdout! });
  const first = (async () => {
    for await (const line of lines) return JSON.parse(line) as { url: string };
    throw new BenchError("the bare server closed its output before printing its URL");
  })();
  const { url } = await Promise.race([first, early]);
  return { url, child };
}

export interface LoadRun {
  url: string;
  requests: BenchRequest[];
  rotateHeaders?: Record<string, string>[] | undefined;
  connections: number;
  durationSec: number;
  label: string;
}

export async function runLoad(run: LoadRun): Promise<LoadResult> {
  const { label, durationSec } = run;
  const child = track(
    spawn(process.execPath, [path.join(BENCH_DIR, "load.ts")], { stdio: ["pipe", "pipe", "pipe"] }),
  );
  const input: LoadOptions = {
    url: run.url,
    connections: run.connections,
    duration: durationSec,
    timeout: 10,
    requests: run.requests,
    rotateHeaders: run.rotateHeaders,
  };
  child.stdin!.end(JSON.stringify(input));
  const stdout = text(child.stdout!);
  let stderr = "";
  const tick = (elapsed: number, counter: number) =>
    // autocannon ticks once more as it stops
    elapsed <= durationSec &&
    showProgress(
      label,
      elapsed,
      durationSec,
      `${String(elapsed).padStart(String(durationSec).length)}/${durationSec} s  ${counter.toLocaleString("en-US")} req/s`,
    );
  tick(0, 0);
  readline.createInterface({ input: child.stderr! }).on("line", (line) => {
    if (line.startsWith('{"tick"')) {
      const { tick: t } = JSON.parse(line) as { tick: { elapsed: number; counter: number } };
      tick(t.elapsed, t.counter);
    } else {
      stderr += `${line}\n`;
    }
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new BenchError(`the load generator failed (exit ${code}):\n${stderr}`);
  const result = JSON.parse(await stdout) as LoadResult;
  const line =
    `  ${label.padEnd(26)} ${Math.round(result.requestsPerSec).toLocaleString("en-US").padStart(7)} req/s` +
    `  p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms` +
    (result.errors || result.non2xx ? `  errors ${result.errors}  non-2xx ${result.non2xx}` : "");
  status(line);
  return result;
}
