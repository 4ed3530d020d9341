// Applies the committed drizzle-kit migrations. Idempotent; on a server, an advisory lock keeps two
// processes starting at once from racing each other.
import { fileURLToPath } from "node:url";
import type { DatabaseHandle } from "./client.ts";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../drizzle", import.meta.url));
const MIGRATION_LOCK = 7_402_311; // arbitrary, constant advisory-lock key for migrations

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, config);
    return;
  }
  // Advisory locks belong to a session, so lock, migrate and unlock on one dedicated connection.
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const client = new pg.Client({ connectionString: handle.url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle({ client }), config);
  } finally {
    await client.end(); // ends the session, which releases the advisory lock
  }
}
