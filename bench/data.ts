// Where a scenario's data lives. By default everything is fresh and thrown away afterwards: a
// temporary DATA_DIR, and with --db postgres a new database on the local server (dropped at the
// end). With --reuse-data DIR the data is kept in DIR/<db>/ and a later run with the same
// database kind and dataset skips `prepare` (the seed) — explicit, so nothing is cached by surprise.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { BenchError, status, trackCleanup, trackTempDir } from "./procs.ts";
import type { BenchEnv, DatasetOptions, DbKind, Scenario } from "./scenario.ts";

/** The server to create bench databases on (like test/support/postgres.ts). */
const ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";
const redact = (url: string) => url.replace(/:[^:@/]*@/, ":***@");

export interface DataRequest {
  db: DbKind;
  /** --env DATABASE_URL=…: a database the user manages; never created or dropped here. */
  externalDatabaseUrl?: string | undefined;
  reuseDir?: string | undefined;
  overrides: Partial<DatasetOptions>;
}

export interface ProvidedData {
  env: BenchEnv;
  /** Whether `prepare` must run (false when reusing a prepared DIR). */
  needsPrepare: boolean;
  /** Records that `prepare` finished, so --reuse-data can skip it next time. */
  markPrepared(): void;
  /** Removes temporary data (never reused data). */
  release(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Null (and the reason) when no PostgreSQL server can be reached: the run is skipped, not failed. */
export async function postgresUnavailable(): Promise<string | null> {
  try {
    await admin((client) => client.query("SELECT 1"));
    return null;
  } catch (err) {
    return `PostgreSQL at ${redact(ADMIN_URL)} is unreachable (${(err as Error).message}); set BENCH_POSTGRES_URL to an admin URL`;
  }
}

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function createDatabase(): Promise<string> {
  const name = `atelier_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  return name;
}

async function dropDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function databaseExists(name: string): Promise<boolean> {
  const { rowCount } = await admin((client) =>
    client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]),
  );
  return rowCount === 1;
}

export function datasetFor(scenario: Scenario, overrides: Partial<DatasetOptions>): DatasetOptions | null {
  return scenario.dataset ? { ...scenario.dataset, ...overrides } : null;
}

export async function provideData(scenario: Scenario, request: DataRequest): Promise<ProvidedData> {
  const dataset = datasetFor(scenario, request.overrides);
  return request.reuseDir
    ? reusable(scenario, request, request.reuseDir, dataset)
    : temporary(scenario, request, dataset);
}

async function temporary(
  scenario: Scenario,
  request: DataRequest,
  dataset: DatasetOptions | null,
): Promise<ProvidedData> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "atelier-bench-"));
  const removeDir = trackTempDir(root);
  const env: BenchEnv = {
    db: request.db,
    dataDir: path.join(root, "data"),
    workDir: path.join(root, "work"),
    dataset,
  };
  fs.mkdirSync(env.dataDir);
  fs.mkdirSync(env.workDir);
  let drop = async () => {};
  if (request.externalDatabaseUrl) {
    env.databaseUrl = request.externalDatabaseUrl;
  } else if (request.db === "postgres") {
    const name = await createDatabase();
    env.databaseUrl = databaseUrl(name);
    drop = trackCleanup(() => dropDatabase(name));
    status(`  fresh PostgreSQL database ${name} (dropped afterwards)`);
  }
  return {
    env,
    needsPrepare: scenario.prepare !== undefined,
    markPrepared() {},
    async release() {
      await drop();
      removeDir();
    },
  };
}

interface Marker {
  key: string;
  database?: string;
}

async function reusable(
  scenario: Scenario,
  request: DataRequest,
  reuseDir: string,
  dataset: DatasetOptions | null,
): Promise<ProvidedData> {
  const root = path.resolve(reuseDir, request.db);
  const markerFile = path.join(root, "prepared.json");
  // What the data was made from: a different dataset (or a scenario with its own prepare) re-seeds.
  const key = JSON.stringify({ db: request.db, external: request.externalDatabaseUrl ?? null, dataset });
  const marker: Marker | null = fs.existsSync(markerFile)
    ? (JSON.parse(fs.readFileSync(markerFile, "utf8")) as Marker)
    : null;
  // A scenario without a prepare step (instance) runs on whatever data is there.
  const reuse =
    marker !== null &&
    (marker.key === key || !scenario.prepare) &&
    (marker.database === undefined || (await databaseExists(marker.database)));
  let database = reuse ? marker.database : undefined;
  if (!reuse) {
    if (marker?.database) await dropDatabase(marker.database);
    fs.rmSync(root, { recursive: true, force: true });
  }
  const env: BenchEnv = {
    db: request.db,
    dataDir: path.join(root, "data"),
    workDir: path.join(root, "work"),
    dataset,
  };
  fs.mkdirSync(env.dataDir, { recursive: true });
  fs.mkdirSync(env.workDir, { recursive: true });
  if (request.externalDatabaseUrl) {
    env.databaseUrl = request.externalDatabaseUrl;
  } else if (request.db === "postgres") {
    database ??= await createDatabase();
    env.databaseUrl = databaseUrl(database);
  }
  const needsPrepare = !reuse && scenario.prepare !== undefined;
  status(
    needsPrepare
      ? `  --reuse-data: preparing ${root} (kept afterwards${database ? `, with database ${database}` : ""})`
      : `  --reuse-data: using ${root}${reuse ? " as prepared before" : ""}`,
  );
  const write = (recorded: string) => {
    const next: Marker = database ? { key: recorded, database } : { key: recorded };
    fs.writeFileSync(markerFile, `${JSON.stringify(next, null, 2)}\n`);
  };
  // Written at once, so a seed that fails half-way is redone (and its database dropped) next time.
  write(needsPrepare ? "incomplete" : reuse && marker ? marker.key : key);
  return {
    env,
    needsPrepare,
    markPrepared: () => write(key),
    async release() {},
  };
}

export function describeDataset(dataset: DatasetOptions | null): string {
  if (!dataset) return "no generated data";
  const n = (x: number) => x.toLocaleString("en-US");
  return `${n(dataset.accounts)} accounts, ${n(dataset.statuses)} statuses, ${dataset.follows} follows each (power law), ${n(dataset.feedUsers)} home feeds of ${dataset.feedSize}`;
}

export function assertDatasetFits(dataset: DatasetOptions | null, feedUsersNeeded: number, scenario: string) {
  if (!dataset || dataset.feedUsers < feedUsersNeeded || dataset.accounts < feedUsersNeeded) {
    throw new BenchError(
      `${scenario} needs at least ${feedUsersNeeded} seeded users with tokens (--feed-users ${feedUsersNeeded}, --accounts ≥ ${feedUsersNeeded})`,
    );
  }
}
