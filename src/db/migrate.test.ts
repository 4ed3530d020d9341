import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { type DatabaseHandle, openDatabase, queryRows } from "./client.ts";
import { MIGRATIONS_DIR, migrateDatabase } from "./migrate.ts";

const logger = pino({ level: "silent" });
const migrationCount = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).length;

async function appliedMigrations(handle: DatabaseHandle) {
  const rows = await queryRows<{ n: number }>(
    handle.db,
    sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
  );
  return rows[0]!.n;
}

async function tables(handle: DatabaseHandle) {
  const rows = await queryRows<{ table_name: string }>(
    handle.db,
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

async function migrateTwice(handle: DatabaseHandle) {
  await migrateDatabase(handle);
  const before = await tables(handle);
  await migrateDatabase(handle); // a restart applies nothing new and fails on nothing
  expect(await tables(handle)).toEqual(before);
  expect(before).toEqual(expect.arrayContaining(["jobs", "media_attachments"]));
  expect(await appliedMigrations(handle)).toBe(migrationCount);
}

describe("migrations", () => {
  it("are idempotent on PGlite, across reopening the data dir", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "atelier-migrate-"));
    const first = await openDatabase({ dataDir, logger });
    await migrateTwice(first);
    await first.close();
    const reopened = await openDatabase({ dataDir, logger });
    await migrateTwice(reopened);
    expect(reopened.vector).toBe(true); // pgvector ships with PGlite
    await reopened.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe("on PostgreSQL", () => {
    let database: TestDatabase | null = null;
    afterAll(() => database?.drop());

    it("are idempotent, also when two processes migrate at once", async (ctx) => {
      database = await createTestDatabase();
      if (!database) return ctx.skip();
      const dataDir = os.tmpdir();
      const a = await openDatabase({ databaseUrl: database.url, dataDir, logger });
      const b = await openDatabase({ databaseUrl: database.url, dataDir, logger });
      await Promise.all([migrateDatabase(a), migrateDatabase(b)]);
      await migrateTwice(a);
      // Debian's PostgreSQL 15 has no pgvector: detected, not fatal.
      const available = await queryRows(
        a.db,
        sql`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`,
      );
      expect(a.vector).toBe(available.length > 0);
      await Promise.all([a.close(), b.close()]);
    });
  });
});
