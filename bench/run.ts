// `npm run bench -- NAME [options]`: for each scenario, provides its data (a fresh DATA_DIR or
// PostgreSQL database, seeded by the scenario's `prepare` before Atelier starts), starts Atelier
// (src/main.ts start) as a child process, and then either
// - loads it and a bare node:http server answering the same bytes (bench/bare.ts) with autocannon
//   from a third process (bench/load.ts): req/s, p50/p99 latency and the ratio target/bare; or
// - lets a latency scenario measure itself (post, stream): p50/p99/max per series and checks.
// Each run prints a table and writes a JSON record and an SVG chart under bench/results/.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { describeDataset, postgresUnavailable, provideData } from "./data.ts";
import { type LatencyRun, runLatency } from "./latency.ts";
import { type LatencyReport, renderLatencySvg, renderLatencyTable } from "./latency-report.ts";
import { BenchError, clearProgress, interrupted, status } from "./procs.ts";
import { type BenchReport, DB_LABEL, renderSvg, renderTable } from "./report.ts";
import type { DatasetOptions, DbKind, RunOptions, Scenario, SetupResult } from "./scenario.ts";
import { BENCH_DIR, startTarget, stopTarget } from "./target.ts";
import { runThroughput } from "./throughput.ts";

const SCENARIOS_DIR = path.join(BENCH_DIR, "scenarios");
const RESULTS_DIR = path.join(BENCH_DIR, "results");

const USAGE = `Usage: npm run bench -- NAME... [options]
       npm run bench -- --list

Runs each named scenario (bench/scenarios/NAME.ts) against Atelier. Throughput scenarios (instance,
home) compare it with a bare node:http server answering the same bytes: req/s, p50/p99 latency and
the ratio target/bare. Latency scenarios (post, stream) report p50/p99/max per measured series.
See bench/README.md.

Options:
  --db pglite|postgres  the database Atelier runs on (default pglite); postgres creates a fresh
                    database on BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres)
                    and drops it afterwards; skipped with a note when no server is reachable
  --duration S      seconds per measured run (default 10)
  --connections N   concurrent connections (default 50; post: 10)
  --rounds N        measured rounds per server, alternating which goes first; medians are reported (default 3)
  --warmup S        unmeasured warm-up per server before the rounds (default 2; 0 to skip)
  --posts N         stream: posts to deliver (default 20)
  --post-rate R     stream: posts per second (default 2)
  --accounts N      generated data (atelier seed --bench): accounts (default 10000)
  --statuses N      … statuses (default 200000)
  --follows N       … follows per account, power-law targets (default 30)
  --feed-users N    … accounts with home feeds and tokens (default 1000)
  --feed-size N     … entries per home feed (default 400)
  --reuse-data DIR  keep the data in DIR/<db>/ and reuse it when a later run asks for the same
                    dataset (skips seeding; runs add posts to it). Without it nothing is kept.
  --env KEY=VALUE   extra environment for the Atelier process (repeatable)
  --list            list the scenarios
  --help            show this help

Quick run: npm run bench -- instance --duration 3 --rounds 1 --warmup 1
Home on a small dataset: npm run bench -- home --accounts 2000 --statuses 40000 --rounds 1`;

class UsageError extends Error {}

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

interface Invocation {
  db: DbKind;
  reuseDir: string | undefined;
  overrides: Partial<DatasetOptions>;
  /** Options as given on the command line; a scenario's defaults fill the rest. */
  given: Partial<RunOptions>;
  env: Record<string, string>;
}

const BASE_OPTIONS = { durationSec: 10, connections: 50, rounds: 3, warmupSec: 2, posts: 20, postRate: 2 };

/** Data, prepare, Atelier, setup, then the measurement; everything it started is gone afterwards. */
async function measureScenario(scenario: Scenario, run: Invocation): Promise<BenchReport | LatencyReport> {
  const options: RunOptions = { ...BASE_OPTIONS, ...scenario.defaults, ...run.given, env: run.env };
  const data = await provideData(scenario, {
    db: run.db,
    externalDatabaseUrl: run.env.DATABASE_URL,
    reuseDir: run.reuseDir,
    overrides: run.overrides,
  });
  const { env } = data;
  const dataset = scenario.dataset ? describeDataset(env.dataset) : undefined;
  try {
    if (data.needsPrepare && scenario.prepare) {
      status(`  preparing: ${dataset ?? "no generated data"}`);
      await scenario.prepare(env);
      data.markPrepared();
    }
    status("  starting Atelier (RATE_LIMIT=off)…");
    const started = performance.now();
    const target = await startTarget(env, { ...scenario.env, ...run.env });
    let latency: LatencyRun;
    try {
      status(`  Atelier ready at ${target.url} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      let setup: SetupResult | undefined;
      if (scenario.setup) {
        status("  setting up…");
        setup = await scenario.setup(target.url, env);
      }
      if (!scenario.measure) {
        return await runThroughput({
          scenario,
          options,
          env,
          dataset,
          target,
          requests: setup?.requests ?? scenario.requests,
          rotateHeaders: setup?.rotateHeaders,
        });
      }
      latency = await runLatency({ scenario, options, env, target, setup, dataset: dataset ?? "" });
    } finally {
      await stopTarget(target);
    }
    return await latency.finish(); // after Atelier stopped: PGlite's files are free for checks
  } finally {
    await data.release();
  }
}

async function runScenario(scenario: Scenario, run: Invocation): Promise<boolean> {
  status(`▸ ${scenario.name} on ${DB_LABEL[run.db]}`);
  const report = await measureScenario(scenario, run);
  console.log(`\n${report.kind === "latency" ? renderLatencyTable(report) : renderTable(report)}\n`);
  const files = writeResults(report);
  console.log(`  results: ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}`);
  if (report.kind !== "latency") {
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
  }
  return report.ok;
}

function writeResults(report: BenchReport | LatencyReport): string[] {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = report.date.replace(/\.\d+Z$/, "Z").replace(/:/g, "");
  const db = report.db ? `-${report.db}` : "";
  const base = path.join(RESULTS_DIR, `${report.scenario.name}${db}-${stamp}`);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(`${base}.svg`, report.kind === "latency" ? renderLatencySvg(report) : renderSvg(report));
  return [`${base}.json`, `${base}.svg`];
}

// ---------------------------------------------------------------------------------------------

function wholeNumber(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a number > 0, got "${value}"`);
  return n;
}

/** Drops the keys whose value is undefined, so spreading never overwrites a default with nothing. */
function defined<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: "string", default: "pglite" },
      duration: { type: "string" },
      connections: { type: "string" },
      rounds: { type: "string" },
      warmup: { type: "string" },
      posts: { type: "string" },
      "post-rate": { type: "string" },
      accounts: { type: "string" },
      statuses: { type: "string" },
      follows: { type: "string" },
      "feed-users": { type: "string" },
      "feed-size": { type: "string" },
      "reuse-data": { type: "string" },
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
  if (values.db !== "pglite" && values.db !== "postgres") {
    throw new UsageError(`--db takes pglite or postgres, got "${values.db}"`);
  }
  const env: Record<string, string> = {};
  for (const pair of values.env) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new UsageError(`--env takes KEY=VALUE, got "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const db: DbKind = env.DATABASE_URL ? "postgres" : values.db;
  const run: Invocation = {
    db,
    reuseDir: values["reuse-data"],
    env,
    given: defined({
      durationSec: wholeNumber("duration", values.duration, 1),
      connections: wholeNumber("connections", values.connections, 1),
      rounds: wholeNumber("rounds", values.rounds, 1),
      warmupSec: wholeNumber("warmup", values.warmup, 0),
      posts: wholeNumber("posts", values.posts, 1),
      postRate: positiveNumber("post-rate", values["post-rate"]),
    }),
    overrides: defined({
      accounts: wholeNumber("accounts", values.accounts, 1),
      statuses: wholeNumber("statuses", values.statuses, 0),
      follows: wholeNumber("follows", values.follows, 0),
      feedUsers: wholeNumber("feed-users", values["feed-users"], 0),
      feedSize: wholeNumber("feed-size", values["feed-size"], 1),
    }),
  };
  const chosen = positionals.map((name) => {
    const scenario = scenarios.find((s) => s.name === name);
    if (!scenario) {
      throw new UsageError(`no scenario "${name}"; there are: ${scenarios.map((s) => s.name).join(", ")}`);
    }
    return scenario;
  });
  if (db === "postgres" && !env.DATABASE_URL) {
    const reason = await postgresUnavailable();
    if (reason) {
      console.log(`bench: skipped ${chosen.map((s) => s.name).join(", ")} on PostgreSQL: ${reason}`);
      return 0;
    }
  }
  let ok = true;
  for (const scenario of chosen) {
    if (interrupted) break;
    if (!(await runScenario(scenario, run))) ok = false;
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
