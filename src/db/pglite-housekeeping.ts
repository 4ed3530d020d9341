// PGlite runs Postgres as one single-user backend: there is no checkpointer and no autovacuum. Left
// alone, the write-ahead log grows for as long as the process lives (all of it replayed after a
// crash, gigabytes under a steady write load) and tables are never vacuumed or analysed (the planner
// guesses row counts, dead rows are never reclaimed). This does those processes' work in small steps
// on a timer. Each step blocks PGlite's thread while it runs, so it checkpoints often (a few tens of
// milliseconds per 32 MB of WAL) rather than rarely and long.
import type { PGlite } from "@electric-sql/pglite";
import type { Logger } from "pino";

export interface HousekeepingOptions {
  logger: Logger;
  /** Time between passes (default 10 s). */
  intervalMs?: number;
  /** Checkpoint once this much WAL was written since the last one (default 32 MiB). */
  checkpointWalBytes?: number;
  /** …or when the last one is this old and anything was written since (default 5 minutes). */
  checkpointMaxAgeMs?: number;
}

export interface HousekeepingReport {
  checkpointed: boolean;
  /** The table vacuumed this pass, if any (with ANALYZE when its statistics were also due). */
  vacuumed: string[];
  /** The table only analysed this pass, if any. */
  analyzed: string[];
}

type Client = Pick<PGlite, "query" | "exec">;

const DEFAULTS = { intervalMs: 10_000, checkpointWalBytes: 32 * 1024 * 1024, checkpointMaxAgeMs: 5 * 60_000 };
/**
 * Less WAL than this since a checkpoint means nothing was written: the checkpoint's own record and,
 * with data checksums on, the catalog pages the next reads set hint bits on (logged whole).
 */
const IDLE_WAL_BYTES = 64 * 1024;

export async function runHousekeeping(
  client: Client,
  options: Omit<HousekeepingOptions, "logger" | "intervalMs"> = {},
): Promise<HousekeepingReport> {
  const { vacuumed, analyzed } = await vacuumOrAnalyze(client);
  const checkpointed = await checkpointIfDue(client, { ...DEFAULTS, ...options });
  return { checkpointed, vacuumed, analyzed };
}

interface TableActivity {
  name: string;
  reltuples: number;
  has_pages: boolean;
  n_dead_tup: number;
  n_ins_since_vacuum: number;
  n_mod_since_analyze: number;
}

/**
 * Autovacuum's rules with its default thresholds and scale factors; `overdue` is how far past its
 * threshold the table is (≥ 1 when work is due), to take the most overdue first.
 */
export function tableWork(t: TableActivity): { vacuum: boolean; analyze: boolean; overdue: number } {
  const rows = Math.max(0, t.reltuples);
  const neverMeasured = t.reltuples < 0 && t.has_pages ? 1 : 0;
  const dead = t.n_dead_tup / (50 + 0.2 * rows);
  const inserted = t.n_ins_since_vacuum / (1000 + 0.2 * rows);
  const changed = t.n_mod_since_analyze / (50 + 0.1 * rows);
  return {
    vacuum: dead > 1 || inserted > 1,
    analyze: neverMeasured > 0 || changed > 1,
    overdue: Math.max(neverMeasured, dead, inserted, changed),
  };
}

/**
 * Vacuums or analyses the most overdue table, one per pass: on a large table that takes a few hundred
 * milliseconds of PGlite's only thread, and requests arriving meanwhile wait for at most one.
 */
async function vacuumOrAnalyze(client: Client): Promise<Pick<HousekeepingReport, "vacuumed" | "analyzed">> {
  // A single-user backend keeps its table counters to itself until asked to publish them.
  await client.query("SELECT pg_stat_force_next_flush()");
  const { rows } = await client.query<TableActivity>(
    `SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.relname) AS name,
            c.reltuples::float8 AS reltuples, pg_relation_size(c.oid) > 0 AS has_pages,
            s.n_dead_tup::float8 AS n_dead_tup, s.n_ins_since_vacuum::float8 AS n_ins_since_vacuum,
            s.n_mod_since_analyze::float8 AS n_mod_since_analyze
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid`,
  );
  const due = rows
    .map((table) => ({ name: table.name, ...tableWork(table) }))
    .filter((t) => t.vacuum || t.analyze)
    .sort((a, b) => b.overdue - a.overdue)[0];
  if (!due) return { vacuumed: [], analyzed: [] };
  if (due.vacuum) {
    await client.exec(`VACUUM ${due.analyze ? "(ANALYZE) " : ""}${due.name}`);
    return { vacuumed: [due.name], analyzed: [] };
  }
  await client.exec(`ANALYZE ${due.name}`);
  return { vacuumed: [], analyzed: [due.name] };
}

async function checkpointIfDue(
  client: Client,
  options: Required<Pick<HousekeepingOptions, "checkpointWalBytes" | "checkpointMaxAgeMs">>,
): Promise<boolean> {
  const { rows } = await client.query<{ wal_bytes: number; age_ms: number }>(
    `SELECT (pg_current_wal_insert_lsn() - redo_lsn)::float8 AS wal_bytes,
            (extract(epoch FROM now() - checkpoint_time) * 1000)::float8 AS age_ms
       FROM pg_control_checkpoint()`,
  );
  const { wal_bytes, age_ms } = rows[0] ?? { wal_bytes: 0, age_ms: 0 };
  const due =
    wal_bytes >= options.checkpointWalBytes ||
    (wal_bytes > IDLE_WAL_BYTES && age_ms >= options.checkpointMaxAgeMs);
  if (due) await client.exec("CHECKPOINT");
  return due;
}

/** Starts the timer; the returned function stops it and waits for a pass in progress. */
export function startHousekeeping(client: Client, options: HousekeepingOptions): () => Promise<void> {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    const started = performance.now();
    running = runHousekeeping(client, options)
      .then((report) => {
        if (report.checkpointed || report.vacuumed.length || report.analyzed.length)
          options.logger.debug(
            { ...report, ms: Math.round(performance.now() - started) },
            "PGlite housekeeping",
          );
      })
      .catch((err: unknown) => options.logger.warn({ err }, "PGlite housekeeping failed"))
      .finally(() => {
        running = null;
      });
  }, options.intervalMs ?? DEFAULTS.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
