// Opens the database: PGlite (real Postgres in WASM) in DATA_DIR by default, or a PostgreSQL server
// when DATABASE_URL is set. Both speak the same drizzle pg-core schema.
import fs from "node:fs";
import path from "node:path";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Logger } from "pino";
import { CHANGES_CHANNEL, DataChanges } from "./changes.ts";
import { startHousekeeping } from "./pglite-housekeeping.ts";
import { cacheStatements } from "./pglite-statements.ts";
import * as schema from "./schema.ts";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A database handle or an open transaction: what domain code takes when it may run inside one. */
export type Executor = Pick<Database, "select" | "insert" | "update" | "delete" | "execute">;

export interface DatabaseHandle {
  db: Database;
  driver: "pglite" | "postgres";
  /** The server URL when driver is "postgres". */
  url?: string;
  /** Whether the pgvector extension is available (semantic search degrades to full text without). */
  vector: boolean;
  /** Row changes announced by the database, for in-memory caches (src/db/changes.ts). */
  changes: DataChanges;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  logger: Logger;
  poolSize?: number;
  /** PGlite: keep repeated statements prepared (default true). */
  statementCache?: boolean;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options);
}

async function openPglite(options: OpenOptions): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = path.join(options.dataDir, "pg");
  fs.mkdirSync(dir, { recursive: true });
  const client = await PGlite.create({ dataDir: dir, extensions: { vector } });
  await client.exec("CREATE EXTENSION IF NOT EXISTS vector");
  if (options.statementCache !== false) cacheStatements(client);
  const db = drizzle({ client, schema }) as unknown as Database;
  const changes = new DataChanges(options.logger);
  await client.listen(CHANGES_CHANNEL, (payload) => changes.receive(payload));
  const stopHousekeeping = startHousekeeping(client, { logger: options.logger });
  const close = async () => {
    await stopHousekeeping();
    await client.close();
  };
  return { db, driver: "pglite", vector: true, changes, close };
}

async function openPostgres(url: string, options: OpenOptions): Promise<DatabaseHandle> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const changes = new DataChanges(options.logger);
  const hear = (message: { payload?: string | undefined }) => changes.receive(message.payload ?? "");
  // Every pooled connection listens, so a write's own notifications arrive before it returns.
  const onConnect = async (client: import("pg").PoolClient) => {
    client.on("notification", hear);
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
  };
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, onConnect } as PoolConfig);
  pool.on("error", (err) => options.logger.error({ err }, "idle PostgreSQL client failed"));
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  const vector = await enableVector(pool, options.logger);
  // …and one connection always does, for other processes' writes while the pool sits empty.
  const listener = await listenForChanges(url, hear, changes, options.logger);
  return {
    db,
    driver: "postgres",
    url,
    vector,
    changes,
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}

type PoolConfig = import("pg").PoolConfig & { onConnect: (client: import("pg").PoolClient) => Promise<void> };

/**
 * A dedicated LISTEN connection that reconnects (with back-off) when it drops; notifications sent
 * meanwhile are lost, so caches are told to start over once it is back.
 */
async function listenForChanges(
  url: string,
  hear: (message: { payload?: string | undefined }) => void,
  changes: DataChanges,
  logger: Logger,
) {
  const { default: pg } = await import("pg");
  let closed = false;
  let client: import("pg").Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (attempt: number): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", hear);
    next.on("error", (err) => logger.warn({ err: err.message }, "PostgreSQL change listener failed"));
    next.on("end", () => {
      if (closed || client !== next) return;
      client = null;
      changes.reset();
      retry = setTimeout(() => void connect(1), 100).unref();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGES_CHANNEL}`);
      client = next;
      if (attempt > 0) changes.reset();
    } catch (err) {
      await next.end().catch(() => {});
      if (attempt === 0) throw err;
      logger.warn({ err: (err as Error).message }, "PostgreSQL change listener cannot reconnect; retrying");
      if (!closed)
        retry = setTimeout(() => void connect(attempt + 1), Math.min(5000, 100 * 2 ** attempt)).unref();
    }
  };
  await connect(0);
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end();
    },
  };
}

async function enableVector(pool: import("pg").Pool, logger: Logger): Promise<boolean> {
  const available = await pool.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
  if (available.rowCount === 0) {
    logger.info(
      "pgvector is not installed on this PostgreSQL server; semantic search will use full text only",
    );
    return false;
  }
  try {
    await pool.query("CREATE EXTENSION IF NOT EXISTS vector");
    return true;
  } catch (err) {
    logger.warn(
      { err },
      "pgvector is installed but could not be enabled; semantic search will use full text only",
    );
    return false;
  }
}

/** Runs raw SQL and returns its rows on either driver. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
