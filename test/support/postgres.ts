// A fresh PostgreSQL database per test run, on TEST_DATABASE_URL or the local server; null (with
// the reason printed once) where no server can be reached, so suites skip instead of failing.
import { randomBytes } from "node:crypto";
import pg from "pg";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
let unavailableReason: string | null | undefined;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function adminClient(): Promise<pg.Client | null> {
  if (unavailableReason) return null;
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return client;
  } catch (err) {
    unavailableReason = `PostgreSQL at ${ADMIN_URL.replace(/:[^:@/]*@/, ":***@")} is unreachable (${(err as Error).message})`;
    console.warn(`[skip] PostgreSQL tests skipped: ${unavailableReason}`);
    return null;
  }
}

export async function createTestDatabase(): Promise<TestDatabase | null> {
  const admin = await adminClient();
  if (!admin) return null;
  const name = `atelier_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = await adminClient();
      if (!client) return;
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Whether a PostgreSQL server is reachable; decided once per test file. */
export async function postgresAvailable(): Promise<boolean> {
  const client = await adminClient();
  await client?.end();
  return client !== null;
}
