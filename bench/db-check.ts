// Read-only checks on a bench database once Atelier has stopped (a PGlite dir has one owner at a
// time), opened with Atelier's own client so PGlite and PostgreSQL are read the same way.
import type { SQL } from "drizzle-orm";
import { pino } from "pino";
import { openDatabase, queryRows } from "../src/db/client.ts";
import type { BenchEnv } from "./scenario.ts";

export async function queryBenchDatabase<T>(env: BenchEnv, query: SQL): Promise<T[]> {
  const handle = await openDatabase({
    databaseUrl: env.databaseUrl,
    dataDir: env.dataDir,
    logger: pino({ level: "silent" }),
    poolSize: 1,
  });
  try {
    return await queryRows<T>(handle.db, query);
  } finally {
    await handle.close();
  }
}
