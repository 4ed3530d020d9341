// Maintenance on a real (embedded) database: long home feeds are cut to their newest entries, short
// ones untouched; old succeeded jobs go, recent ones and dead ones stay.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase, queryRows } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { jobs } from "../db/schema.ts";
import { HOME_FEED_MAX_ENTRIES } from "../social/fanout.ts";
import { runMaintenance } from "./maintenance.ts";
import { enqueue } from "./queue.ts";

let handle: DatabaseHandle;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "atelier-maintenance-"));
  handle = await openDatabase({ dataDir: dir, logger: pino({ level: "silent" }) });
  await migrateDatabase(handle);
});

afterAll(async () => {
  await handle?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function feedIds(accountId: number): Promise<number[]> {
  const rows = await queryRows<{ status_id: string | bigint }>(
    handle.db,
    sql`SELECT status_id FROM home_feed WHERE account_id = ${accountId} ORDER BY status_id DESC`,
  );
  return rows.map((r) => Number(r.status_id));
}

describe("maintenance", () => {
  it("trims long home feeds to the newest entries and leaves short ones alone", async () => {
    const long = HOME_FEED_MAX_ENTRIES + 50;
    // Feed rows need no status rows: home_feed has no foreign keys (entries are checked at read time).
    await handle.db.execute(
      sql`INSERT INTO home_feed (account_id, status_id, author_id)
          SELECT 1, g, 9 FROM generate_series(1, ${long}) g
          UNION ALL SELECT 2, g, 9 FROM generate_series(1, 10) g`,
    );
    const report = await runMaintenance({ db: handle.db });
    expect(report.trimmedFeedEntries).toBe(50);
    const kept = await feedIds(1);
    expect(kept).toHaveLength(HOME_FEED_MAX_ENTRIES);
    expect(kept[0]).toBe(long);
    expect(kept.at(-1)).toBe(51);
    expect(await feedIds(2)).toHaveLength(10);
    expect((await runMaintenance({ db: handle.db })).trimmedFeedEntries).toBe(0);
  });

  it("prunes succeeded jobs older than the retention, keeping recent and dead ones", async () => {
    const old = await enqueue(handle.db, { type: "old" });
    const recent = await enqueue(handle.db, { type: "recent" });
    const dead = await enqueue(handle.db, { type: "dead" });
    const dayAgo = new Date(Date.now() - 24 * 3600_000);
    await handle.db.update(jobs).set({ state: "succeeded", finishedAt: dayAgo }).where(eq(jobs.id, old));
    await handle.db
      .update(jobs)
      .set({ state: "succeeded", finishedAt: new Date() })
      .where(eq(jobs.id, recent));
    await handle.db.update(jobs).set({ state: "dead", finishedAt: dayAgo }).where(eq(jobs.id, dead));
    const report = await runMaintenance({ db: handle.db, keepSucceededJobsMs: 3600_000 });
    expect(report.prunedJobs).toBe(1);
    const left = await handle.db.select({ type: jobs.type }).from(jobs);
    expect(left.map((j) => j.type).sort()).toEqual(["dead", "recent"]);
  });
});
