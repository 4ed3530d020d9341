// Opens the database: PGlite (real Postgres in WASM) in DATA_DIR by default, or a PostgreSQL server
// when DATABASE_URL is set. Both speak the same drizzle pg-core schema.
import fs from "node:fs";
import path from "node:path";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Logger } from "pino";
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
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  logger: Logger;
  poolSize?: number;
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
  const db = drizzle({ client, schema }) as unknown as Database;
  return { db, driver: "pglite", vector: true, close: () => client.close() };
}

async function openPostgres(url: string, options: OpenOptions): Promise<DatabaseHandle> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on("error", (err) => options.logger.error({ err }, "idle PostgreSQL client failed"));
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  const vector = await enableVector(pool, options.logger);
  return { db, driver: "postgres", url, vector, close: () => pool.end() };
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
