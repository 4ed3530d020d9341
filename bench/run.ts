// `npm run bench -- NAME [options]`: starts a bare node:http server (bench/bare.ts) and Atelier
// (src/main.ts start) as child processes, loads each in turn with autocannon from a third process
// (bench/load.ts), and prints req/s, p50/p99 latency and the ratio target/bare, plus a JSON record
// and an SVG chart under bench/results/. The bare server answers with the same bytes Atelier sent,
// so the ratio is the cost of the framework and the application on an identical payload.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { text } from "node:stream/consumers";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { BareRoute } from "./bare.ts";
import type { LoadOptions, LoadResult } from "./load.ts";
import { type BenchReport, type Payload, renderSvg, renderTable, summarize } from "./report.ts";
import type { BenchRequest, Scenario } from "./scenario.ts";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, "..");
const MAIN = path.join(ROOT, "src", "main.ts");
const SCENARIOS_DIR = path.join(BENCH_DIR, "scenarios");
const RESULTS_DIR = path.join(BENCH_DIR, "results");
const TARGET_LABEL = "Atelier";
const BARE_LABEL = "bare node:http";

const USAGE = `Usage: npm run bench -- NAME... [options]
       npm run bench -- --list

Runs each named scenario (bench/scenarios/NAME.ts) against Atelier and a bare node:http server
answering the same bytes, and prints req/s, p50/p99 latency and the ratio target/bare.

Options:
  --duration S      seconds per measured run (default 10)
  --connections N   concurrent connections (default 50)
  --rounds N        measured rounds per server, alternating which goes first; medians are reported (default 3)
  --warmup S        unmeasured warm-up per server before the rounds (default 2; 0 to skip)
  --env KEY=VALUE   extra environment for the Atelier process (repeatable), e.g. --env DATABASE_URL=postgres://…
  --list            list the scenarios
  --help            show this help

Quick run: npm run bench -- instance --duration 3 --rounds 1 --warmup 1`;

interface RunOptions {
  durationSec: number;
  connections: number;
  rounds: number;
  warmupSec: number;
  env: Record<string, string>;
}

class UsageError extends Error {}
/** A failure the harness explains itself: printed without a stack trace. */
class BenchError extends Error {}

// ---------------------------------------------------------------------------------------------
// Child processes: every one is tracked so an error or Ctrl-C never leaves a server behind.

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    clearProgress();
    process.stderr.write(`${signal}: stopping servers…\n`);
    Promise.all([...children].map((child) => stopChild(child, 5_000))).finally(() => process.exit(130));
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed by a signal). */
async function stopChild(child: ChildProcess, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

function exitedEarly(child: ChildProcess, what: string, output: () => string): Promise<never> {
  return new Promise((_, reject) => {
    child.once("exit", (code, signal) =>
      reject(
        new BenchError(`${what} exited (${signal ?? `code ${code}`}) before it was ready:\n${output()}`),
      ),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr: a live bar on a terminal, one plain line per run otherwise.

const tty = process.stderr.isTTY === true;
let progressShown = false;

function clearProgress() {
  if (progressShown) process.stderr.write("\r\x1b[2K");
  progressShown = false;
}

function status(line: string) {
  if (interrupted) return;
  clearProgress();
  process.stderr.write(`${line}\n`);
}

function showProgress(label: string, elapsed: number, duration: number, counter: number) {
  if (!tty || elapsed > duration) return; // autocannon ticks once more as it stops
  const width = 24;
  const filled = Math.min(width, Math.round((width * elapsed) / duration));
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  process.stderr.write(
    `\r\x1b[2K  ${label.padEnd(26)} ${bar} ${String(elapsed).padStart(String(duration).length)}/${duration} s  ${counter.toLocaleString("en-US")} req/s`,
  );
  progressShown = true;
}

// ---------------------------------------------------------------------------------------------
// The two servers and the load generator.

interface Target {
  url: string;
  child: ChildProcess;
  dataDir: string;
  output(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Keeps the last `limit` characters a child wrote, for error messages. */
function capture(child: ChildProcess, limit = 32_000): () => string {
  let output = "";
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-limit);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  return () => output;
}

async function startTarget(scenario: Scenario, options: RunOptions): Promise<Target> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "atelier-bench-"));
  tempDirs.add(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The embedded defaults unless asked otherwise (--env), whatever the shell has exported.
  for (const name of ["DATABASE_URL", "REDIS_URL", "PUBLIC_URL"]) delete env[name];
  Object.assign(
    env,
    { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, RATE_LIMIT: "off", LOG_LEVEL: "warn" },
    scenario.env,
    options.env,
  );
  const child = track(
    spawn(process.execPath, [MAIN, "start"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] }),
  );
  const output = capture(child);
  const url = `http://127.0.0.1:${port}`;
  const early = exitedEarly(child, "Atelier", output);
  early.catch(() => {});
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
  return { url, child, dataDir, output };
}

async function stopTarget(target: Target) {
  const code = await stopChild(target.child, 20_000);
  if (code !== 0) {
    status(`warning: Atelier exited with ${code ?? "a signal"} after SIGTERM\n${target.output()}`);
  } else if (target.output().trim()) {
    const lines = target.output().trim().split("\n");
    status(
      `Atelier logged ${lines.length} line(s) at warn or above; the last:\n${lines.slice(-10).join("\n")}`,
    );
  }
  fs.rmSync(target.dataDir, { recursive: true, force: true });
  tempDirs.delete(target.dataDir);
}

/** One request with node:http, so the exact bytes (and encoding) autocannon will see are recorded. */
function fetchRaw(
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

async function startBare(routes: BareRoute[]): Promise<{ url: string; child: ChildProcess }> {
  const child = track(
    spawn(process.execPath, [path.join(BENCH_DIR, "bare.ts")], { stdio: ["pipe", "pipe", "inherit"] }),
  );
  child.stdin!.end(JSON.stringify(routes));
  const early = exitedEarly(child, "the bare server", () => "");
  early.catch(() => {});
  const lines = readline.createInterface({ input: child.stdout! });
  const first = (async () => {
    for await (const line of lines) return JSON.parse(line) as { url: string };
    throw new BenchError("the bare server closed its output before printing its URL");
  })();
  const { url } = await Promise.race([first, early]);
  return { url, child };
}

async function runLoad(
  url: string,
  requests: BenchRequest[],
  options: RunOptions,
  label: string,
  durationSec: number,
) {
  const child = track(
    spawn(process.execPath, [path.join(BENCH_DIR, "load.ts")], { stdio: ["pipe", "pipe", "pipe"] }),
  );
  const input: LoadOptions = {
    url,
    connections: options.connections,
    duration: durationSec,
    timeout: 10,
    requests,
  };
  child.stdin!.end(JSON.stringify(input));
  const stdout = text(child.stdout!);
  let stderr = "";
  showProgress(label, 0, durationSec, 0);
  readline.createInterface({ input: child.stderr! }).on("line", (line) => {
    if (line.startsWith('{"tick"')) {
      const { tick } = JSON.parse(line) as { tick: { elapsed: number; counter: number } };
      showProgress(label, tick.elapsed, durationSec, tick.counter);
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

// ---------------------------------------------------------------------------------------------
// Scenarios.

async function loadScenarios(): Promise<Scenario[]> {
  const files = fs
    .readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(SCENARIOS_DIR, file)).href)) as {
      default: Scenario;
    };
    scenarios.push({ ...module.default, name: path.basename(file, ".ts") });
  }
  return scenarios;
}

async function runScenario(scenario: Scenario, options: RunOptions): Promise<boolean> {
  status(`▸ ${scenario.name}: starting Atelier (temporary DATA_DIR, RATE_LIMIT=off)…`);
  const started = performance.now();
  const target = await startTarget(scenario, options);
  const bareRounds: LoadResult[] = [];
  const targetRounds: LoadResult[] = [];
  const payloads: Payload[] = [];
  let requests = scenario.requests;
  try {
    status(`  Atelier ready at ${target.url} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (scenario.setup) {
      status("  setting up…");
      const result = await scenario.setup(target.url);
      if (result?.requests) requests = result.requests;
    }
    if (requests.length === 0) throw new BenchError(`scenario ${scenario.name} has no requests`);

    const routes = new Map<string, BareRoute>();
    for (const request of requests) {
      const method = (request.method ?? "GET").toUpperCase();
      if (routes.has(`${method} ${request.path}`)) continue;
      const response = await fetchRaw(target.url, request);
      if (response.status < 200 || response.status >= 300) {
        throw new BenchError(
          `Atelier answered ${response.status} to ${method} ${request.path}; a benchmark needs a 2xx:\n${response.body.toString().slice(0, 500)}`,
        );
      }
      const headers: Record<string, string> = {};
      for (const name of ["content-type", "content-encoding"]) {
        const value = response.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      routes.set(`${method} ${request.path}`, {
        method,
        path: request.path,
        status: response.status,
        headers,
        body: response.body.toString("base64"),
      });
      payloads.push({
        method,
        path: request.path,
        status: response.status,
        contentType: headers["content-type"] ?? "",
        contentEncoding: headers["content-encoding"] ?? null,
        bytes: response.body.length,
      });
    }

    const bare = await startBare([...routes.values()]);
    try {
      status(
        `  bare node:http at ${bare.url}, answering the same ${payloads.length === 1 ? "bytes" : "responses"}`,
      );
      const servers = [
        { label: BARE_LABEL, url: bare.url, rounds: bareRounds, child: bare.child, output: () => "" },
        {
          label: TARGET_LABEL,
          url: target.url,
          rounds: targetRounds,
          child: target.child,
          output: target.output,
        },
      ];
      // A server that went away mid-run turns its numbers into connection errors; say so instead.
      const ensureAlive = (server: (typeof servers)[number]) => {
        const { exitCode, signalCode } = server.child;
        if (exitCode === null && signalCode === null) return;
        throw new BenchError(
          `${server.label} exited during the benchmark (${signalCode ?? `code ${exitCode}`}); it was not stopped by the harness:\n${server.output()}`,
        );
      };
      if (options.warmupSec > 0) {
        for (const server of servers) {
          await runLoad(server.url, requests, options, `warm-up ${server.label}`, options.warmupSec);
          ensureAlive(server);
        }
      }
      for (let round = 1; round <= options.rounds; round++) {
        // Alternate which server goes first, so drift in machine load spreads over both.
        const order = round % 2 === 1 ? servers : [...servers].reverse();
        for (const server of order) {
          const label = `round ${round}/${options.rounds} ${server.label}`;
          server.rounds.push(await runLoad(server.url, requests, options, label, options.durationSec));
          ensureAlive(server);
        }
      }
    } finally {
      await stopChild(bare.child, 5_000);
    }
  } finally {
    await stopTarget(target);
  }

  const report = buildReport(scenario, options, payloads, bareRounds, targetRounds);
  console.log(`\n${renderTable(report)}\n`);
  const files = writeResults(report);
  console.log(`  results: ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}`);
  for (const [summary, what] of [
    [report.target, "Atelier"],
    [report.bare, "the bare server"],
  ] as const) {
    if (summary.errors + summary.non2xx > 0) {
      console.error(
        `✗ ${what} had ${summary.errors} errors (${summary.timeouts} timeouts) and ${summary.non2xx} non-2xx responses`,
      );
    }
  }
  return report.ok;
}

function buildReport(
  scenario: Scenario,
  options: RunOptions,
  payloads: Payload[],
  bareRounds: LoadResult[],
  targetRounds: LoadResult[],
): BenchReport {
  const bare = summarize(BARE_LABEL, bareRounds);
  const target = summarize(TARGET_LABEL, targetRounds);
  const cpus = os.cpus();
  return {
    scenario: { name: scenario.name, description: scenario.description },
    date: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: (cpus[0]?.model ?? "unknown CPU").replace(/\s+/g, " ").trim(),
      memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      platform: `${os.platform()} ${os.release()}`,
      node: process.versions.node,
    },
    options: {
      connections: options.connections,
      durationSec: options.durationSec,
      rounds: options.rounds,
      warmupSec: options.warmupSec,
    },
    payloads,
    bare,
    target,
    ratio: target.median.requestsPerSec / bare.median.requestsPerSec,
    ok: target.errors + target.non2xx + bare.errors + bare.non2xx === 0,
  };
}

function writeResults(report: BenchReport): string[] {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = report.date.replace(/\.\d+Z$/, "Z").replace(/:/g, "");
  const base = path.join(RESULTS_DIR, `${report.scenario.name}-${stamp}`);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(`${base}.svg`, renderSvg(report));
  return [`${base}.json`, `${base}.svg`];
}

// ---------------------------------------------------------------------------------------------

function positiveInt(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "50" },
      rounds: { type: "string", default: "3" },
      warmup: { type: "string", default: "2" },
      env: { type: "string", multiple: true, default: [] },
      list: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const scenarios = await loadScenarios();
  if (values.list) {
    const width = Math.max(...scenarios.map((s) => s.name.length));
    for (const s of scenarios) console.log(`${s.name.padEnd(width)}  ${s.description}`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`name a scenario (npm run bench -- --list)\n\n${USAGE}`);
  const env: Record<string, string> = {};
  for (const pair of values.env) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new UsageError(`--env takes KEY=VALUE, got "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const options: RunOptions = {
    durationSec: positiveInt("duration", values.duration, 1),
    connections: positiveInt("connections", values.connections, 1),
    rounds: positiveInt("rounds", values.rounds, 1),
    warmupSec: positiveInt("warmup", values.warmup, 0),
    env,
  };
  const chosen = positionals.map((name) => {
    const scenario = scenarios.find((s) => s.name === name);
    if (!scenario) {
      throw new UsageError(`no scenario "${name}"; there are: ${scenarios.map((s) => s.name).join(", ")}`);
    }
    return scenario;
  });
  let ok = true;
  for (const scenario of chosen) {
    if (interrupted) break;
    if (!(await runScenario(scenario, options))) ok = false;
  }
  return ok ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  clearProgress();
  if (
    err instanceof UsageError ||
    (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))
  ) {
    console.error(`bench: ${err.message}`);
    process.exitCode = 2;
  } else if (!interrupted) {
    const detail =
      err instanceof BenchError
        ? err.message
        : err instanceof Error
          ? (err.stack ?? err.message)
          : String(err);
    console.error(`bench: ${detail}`);
    process.exitCode = 1;
  }
}
