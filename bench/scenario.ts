// The shape of one benchmark scenario. Each file in bench/scenarios/ default-exports one; its file
// name is the name `npm run bench -- NAME` takes.
//
// Two kinds: a throughput scenario lists `requests`, and the harness loads Atelier and a bare
// node:http server answering the same bytes (req/s, p50/p99, ratio). A latency scenario has
// `measure` instead: it drives Atelier itself and returns latency series (post, stream).
// Either may have a dataset (`prepare`, before Atelier starts) and `setup` (after it started).

import type { LoadResult } from "./load.ts";

/** One request in the sequence every connection loops over (autocannon's `requests`). */
export interface BenchRequest {
  /** Defaults to GET. */
  method?: string;
  /** Path and query, e.g. "/api/v1/timelines/public?limit=20". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export type DbKind = "pglite" | "postgres";

/** `atelier seed --bench` sizes; --accounts, --statuses, … on the command line override them. */
export interface DatasetOptions {
  accounts: number;
  statuses: number;
  /** Follows per account (targets power-law distributed). */
  follows: number;
  /** Accounts with materialised home feeds and access tokens (the first ones). */
  feedUsers: number;
  feedSize: number;
}

/** Where the scenario's data lives; the same for prepare, setup, measure and verify. */
export interface BenchEnv {
  db: DbKind;
  /** Atelier's DATA_DIR (PGlite keeps its files in DATA_DIR/pg). */
  dataDir: string;
  /** Set when Atelier runs on PostgreSQL. */
  databaseUrl?: string;
  /** Scratch files that belong with the data, e.g. the seeded access tokens. */
  workDir: string;
  /** The scenario's dataset with the command-line overrides applied. */
  dataset: DatasetOptions | null;
}

export interface RunOptions {
  durationSec: number;
  connections: number;
  rounds: number;
  warmupSec: number;
  /** Posts a latency scenario makes (stream), and at what rate per second. */
  posts: number;
  postRate: number;
  env: Record<string, string>;
}

export interface SetupResult {
  /** Replaces the scenario's request list, e.g. with ids or tokens created during setup. */
  requests?: BenchRequest[];
  /**
   * Header sets handed out round-robin across all connections, one per request, merged over the
   * request's own headers: e.g. one Authorization per seeded user.
   */
  rotateHeaders?: Record<string, string>[];
  /** Anything `measure` needs from setup. */
  data?: unknown;
}

/** Latency of one thing measured, in milliseconds. */
export interface LatencySeries {
  label: string;
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  errors: number;
  /** Whether the scenario's p99 goal applies to this series. */
  goal?: boolean;
  /** Shown next to the numbers, e.g. "312 posts/s". */
  note?: string;
}

/** A yes/no fact the run must establish, e.g. "every post reached 1,000 home feeds". */
export interface Check {
  label: string;
  ok: boolean;
  detail: string;
}

export interface Measured {
  series: LatencySeries[];
  checks: Check[];
  /** Handed to `verify` once Atelier has stopped. */
  data?: unknown;
}

export interface MeasureContext {
  url: string;
  env: BenchEnv;
  options: RunOptions;
  setup: SetupResult | undefined;
  /** Prints one line on stderr (clearing any progress bar). */
  status(line: string): void;
  /** A live progress bar on a terminal; nothing otherwise. */
  progress(label: string, done: number, total: number, unit: string): void;
  /** Runs autocannon in its own process (bench/load.ts) and returns its summary. */
  load(
    label: string,
    requests: BenchRequest[],
    connections: number,
    durationSec: number,
  ): Promise<LoadResult>;
}

export interface Goals {
  /** Lowest acceptable req/s ratio target/bare, per database (throughput scenarios). */
  ratio?: Partial<Record<DbKind, number>>;
  /** Highest acceptable p99 in ms: Atelier's (throughput) or each series marked `goal` (latency). */
  p99Ms?: number;
}

export interface Scenario {
  name: string;
  description: string;
  /** Throughput scenarios: what autocannon sends. Empty for latency scenarios. */
  requests: BenchRequest[];
  /** Extra environment for the Atelier process (the harness sets PORT, HOST, DATA_DIR, RATE_LIMIT, LOG_LEVEL). */
  env?: Record<string, string>;
  goals?: Goals;
  /** Defaults for this scenario where the command line says nothing (e.g. fewer rounds). */
  defaults?: Partial<
    Pick<RunOptions, "durationSec" | "connections" | "rounds" | "warmupSec" | "posts" | "postRate">
  >;
  /** The generated data the scenario needs; `prepare` gets it with overrides applied. */
  dataset?: DatasetOptions;
  /** Runs BEFORE Atelier starts, on its data dir or database (e.g. `atelier seed --bench`). */
  prepare?(env: BenchEnv): Promise<void>;
  /** Runs once against the started target before any load, e.g. to register accounts and seed posts. */
  setup?(baseUrl: string, env: BenchEnv): Promise<SetupResult | undefined>;
  /** Latency scenarios: measures against the running target instead of the bare comparison. */
  measure?(ctx: MeasureContext): Promise<Measured>;
  /** After Atelier stopped (PGlite's files are free again): checks on what the run left behind. */
  verify?(env: BenchEnv, measured: Measured): Promise<Check[]>;
}
