// Two projects: everything on the embedded database, and the API suite again on a fresh database
// of a real PostgreSQL server when one is reachable (TEST_DATABASE_URL or the local server).
import pg from "pg";
import { defineConfig } from "vitest/config";

// Suites that already run themselves on both drivers.
const BOTH_DRIVERS = ["relationships", "search", "streaming", "timelines"].map(
  (name) => `test/api/${name}.test.ts`,
);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function postgresReason(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export default defineConfig(async () => {
  const unreachable = await postgresReason();
  if (unreachable) console.warn(`[skip] the API suite on PostgreSQL is skipped: ${unreachable}`);
  const shared = { testTimeout: 60_000, hookTimeout: 60_000 };
  return {
    test: {
      // PGlite boots are CPU-heavy; on 2-core machines too many at once starve each other.
      maxWorkers: 2,
      projects: [
        { test: { ...shared, name: "pglite", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } },
        ...(unreachable
          ? []
          : [
              {
                test: {
                  ...shared,
                  name: "postgres",
                  include: ["test/api/**/*.test.ts"],
                  exclude: BOTH_DRIVERS,
                  env: { ATELIER_TEST_DRIVER: "postgres" },
                },
              },
            ]),
      ],
    },
  };
});
