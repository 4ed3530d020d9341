// PGlite housekeeping on a real PGlite data directory: the WAL a crash would replay stays bounded,
// deleted rows' space is reused, and the planner knows how many rows a table has.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runHousekeeping, startHousekeeping, tableWork } from "./pglite-housekeeping.ts";

const MiB = 1024 * 1024;
let dir: string;
let client: PGlite;

describe("PGlite housekeeping", () => {
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "atelier-housekeeping-"));
    client = await PGlite.create({ dataDir: dir });
    await client.exec("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
  });

  afterEach(async () => {
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function walSinceCheckpoint(): Promise<number> {
    const { rows } = await client.query<{ bytes: number }>(
      "SELECT (pg_current_wal_insert_lsn() - redo_lsn)::float8 AS bytes FROM pg_control_checkpoint()",
    );
    return rows[0]?.bytes ?? Number.NaN;
  }

  /** Writes roughly 1 MiB of WAL: 1,000 rows of ~1 kB, replaced on each call. */
  async function writeOneMiB(round: number): Promise<void> {
    await client.query("DELETE FROM notes");
    await client.query(
      "INSERT INTO notes SELECT g, repeat(md5($1 || g), 32) FROM generate_series(1, 1000) g",
      [String(round)],
    );
  }

  async function estimatedRows(query: string): Promise<number> {
    const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>(
      `EXPLAIN (FORMAT JSON) ${query}`,
    );
    return rows[0]?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? Number.NaN;
  }

  it("checkpoints once enough WAL was written, so a crash replays at most that much", async () => {
    const threshold = 8 * MiB;
    let checkpoints = 0;
    let worst = 0;
    for (let round = 0; round < 60; round++) {
      await writeOneMiB(round);
      if ((await runHousekeeping(client, { checkpointWalBytes: threshold })).checkpointed) checkpoints++;
      worst = Math.max(worst, await walSinceCheckpoint());
    }
    expect(checkpoints).toBeGreaterThanOrEqual(3);
    expect(worst).toBeLessThan(threshold + 4 * MiB);
  });

  it("without it nothing checkpoints while PGlite runs (why this exists)", async () => {
    for (let round = 0; round < 20; round++) await writeOneMiB(round);
    expect(await walSinceCheckpoint()).toBeGreaterThan(15 * MiB);
  });

  it("checkpoints after a quiet spell only when something was written", async () => {
    const old = { checkpointMaxAgeMs: 0 };
    await client.exec("CHECKPOINT");
    expect((await runHousekeeping(client, old)).checkpointed).toBe(false);
    await writeOneMiB(0);
    expect((await runHousekeeping(client, old)).checkpointed).toBe(true);
  });

  it("analyses a table that grew, so the planner's row estimate is right", async () => {
    await client.query("INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, 20000) g");
    const before = await estimatedRows("SELECT * FROM notes WHERE body LIKE 'note 1%'");
    const report = await runHousekeeping(client);
    expect([...report.vacuumed, ...report.analyzed]).toContain("public.notes");
    // 1 + 10 + 100 + 1,000 + 10,000 notes start with "note 1".
    const after = await estimatedRows("SELECT * FROM notes WHERE body LIKE 'note 1%'");
    expect(Math.abs(after - 11_111)).toBeLessThan(1500);
    expect(Math.abs(before - 11_111)).toBeGreaterThan(Math.abs(after - 11_111));
    expect((await runHousekeeping(client)).analyzed).toEqual([]); // nothing changed since
  });

  it("vacuums a table after many deletes, so new rows reuse the space instead of growing the file", async () => {
    await client.query("INSERT INTO notes SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
    await runHousekeeping(client);
    const size = async () =>
      (await client.query<{ bytes: number }>("SELECT pg_relation_size('notes')::float8 AS bytes")).rows[0]
        ?.bytes ?? 0;
    const full = await size();
    await client.query("DELETE FROM notes WHERE id <= 15000");
    expect((await runHousekeeping(client)).vacuumed).toContain("public.notes");
    await client.query("INSERT INTO notes SELECT g, repeat('y', 200) FROM generate_series(20001, 35000) g");
    expect(await size()).toBeLessThanOrEqual(full * 1.05);
  });

  it("works on one table per pass, the most overdue first", async () => {
    await client.exec("CREATE TABLE tags (name text PRIMARY KEY)");
    await client.query("INSERT INTO tags SELECT 'tag' || g FROM generate_series(1, 200) g");
    await client.query("INSERT INTO notes SELECT g, 'note' FROM generate_series(1, 20000) g");
    const passes = [];
    for (let pass = 0; pass < 3; pass++) {
      const report = await runHousekeeping(client);
      passes.push([...report.vacuumed, ...report.analyzed]);
    }
    expect(passes).toEqual([["public.notes"], ["public.tags"], []]);
  });

  it("runs on a timer and stops cleanly", async () => {
    for (let round = 0; round < 3; round++) await writeOneMiB(round);
    const stop = startHousekeeping(client, {
      logger: pino({ level: "silent" }),
      intervalMs: 20,
      checkpointWalBytes: MiB,
    });
    const deadline = Date.now() + 10_000;
    while ((await walSinceCheckpoint()) > MiB && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(await walSinceCheckpoint()).toBeLessThan(MiB);
  });
});

describe("which tables need work (autovacuum's thresholds)", () => {
  const idle = {
    name: "t",
    reltuples: 10_000,
    has_pages: true,
    n_dead_tup: 0,
    n_ins_since_vacuum: 0,
    n_mod_since_analyze: 0,
  };
  it("leaves a quiet table alone", () =>
    expect(tableWork(idle)).toEqual({ vacuum: false, analyze: false, overdue: 0 }));
  it("vacuums past 20% dead rows", () => {
    expect(tableWork({ ...idle, n_dead_tup: 2000 }).vacuum).toBe(false);
    expect(tableWork({ ...idle, n_dead_tup: 2100 }).vacuum).toBe(true);
  });
  it("vacuums past 20% new rows, to mark them visible", () =>
    expect(tableWork({ ...idle, n_ins_since_vacuum: 3100 }).vacuum).toBe(true));
  it("analyses past 10% changed rows", () =>
    expect(tableWork({ ...idle, n_mod_since_analyze: 1100 }).analyze).toBe(true));
  it("analyses a table never measured that has rows", () => {
    expect(tableWork({ ...idle, reltuples: -1 }).analyze).toBe(true);
    expect(tableWork({ ...idle, reltuples: -1, has_pages: false }).analyze).toBe(false);
  });
});
