// Crash safety with real processes: a worker killed with SIGKILL in the middle of a job leaves it to
// the next process, which completes it exactly once; SIGTERM drains and hands the job back.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { queryRows } from "../db/client.ts";
import { createDatabaseSpot, type DatabaseSpot, type Driver, driverAvailable } from "./fixtures/databases.ts";
import { enqueue, getJob } from "./queue.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/crash-worker.ts", import.meta.url));

interface Fixture {
  child: ChildProcess;
  output(): string;
  /** Resolves with the match once stdout has a line matching `pattern`; rejects if the process exits first. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

// Each case boots the database in three to four processes one after another (PGlite: seconds each);
// on a busy 2-core machine that alone can take a minute.
const CASE_TIMEOUT_MS = 180_000;

function spawnWorker(spot: DatabaseSpot, env: Record<string, string>): Fixture {
  // process.execPath is the pinned Node 24 that runs vitest, so the child strips types the same way.
  const child = spawn(process.execPath, [FIXTURE], {
    env: {
      ...process.env,
      DATA_DIR: spot.dataDir,
      DATABASE_URL: spot.databaseUrl ?? "",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of waiters) check();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      resolve({ code, signal });
      for (const check of waiters) check();
    }),
  );
  const output = () => `--- stdout\n${stdout}--- stderr\n${stderr}`;
  const line = (pattern: RegExp, timeoutMs = 90_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const finish = (err: Error | null, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (err) reject(new Error(`${err.message}\n${output()}`));
        else resolve(match!);
      };
      const check = () => {
        const match = new RegExp(pattern.source, "m").exec(stdout);
        if (match) finish(null, match);
        else if (child.exitCode !== null || child.signalCode !== null) {
          finish(
            new Error(`worker exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}`),
          );
        }
      };
      waiters.add(check);
      check();
    });
  return { child, output, line, exited };
}

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});

/** Opens the database in this process (PGlite: only while no worker holds it) and enqueues one job. */
async function enqueueOne(spot: DatabaseSpot): Promise<bigint> {
  const handle = await spot.open();
  try {
    await handle.db.execute(
      sql`CREATE TABLE IF NOT EXISTS crash_effects (job_id bigint NOT NULL, attempt integer NOT NULL)`,
    );
    return await enqueue(handle.db, { type: "crash-test" });
  } finally {
    await handle.close();
  }
}

async function outcome(spot: DatabaseSpot, id: bigint) {
  const handle = await spot.open();
  try {
    const job = await getJob(handle.db, id);
    const effects = await queryRows<{ attempt: number }>(
      handle.db,
      sql`SELECT attempt FROM crash_effects WHERE job_id = ${String(id)}::bigint`,
    );
    return { job, effects };
  } finally {
    await handle.close();
  }
}

async function stop(fixture: Fixture) {
  fixture.child.kill("SIGTERM");
  await fixture.line(/^stopped$/);
  expect((await fixture.exited).code).toBe(0);
}

const cases: { driver: Driver; recovery: "exclusive start" | "visibility timeout" }[] = [
  { driver: "pglite", recovery: "exclusive start" }, // what the server does on its embedded database
  { driver: "pglite", recovery: "visibility timeout" },
  { driver: "postgres", recovery: "visibility timeout" },
];
const available = {
  pglite: await driverAvailable("pglite"),
  postgres: await driverAvailable("postgres"),
};

describe.each(cases)("a worker killed with SIGKILL mid-job ($driver, $recovery)", ({ driver, recovery }) => {
  it.skipIf(!available[driver])(
    "leaves the job to the next process, which completes it exactly once",
    async () => {
      const spot = await createDatabaseSpot(driver);
      try {
        const id = await enqueueOne(spot);
        const env = { VISIBILITY_TIMEOUT_MS: "1500", EXCLUSIVE: recovery === "exclusive start" ? "1" : "0" };
        const first = spawnWorker(spot, { ...env, HANG_ON_ATTEMPT: "1" });
        await first.line(new RegExp(`^started ${id} 1$`));
        first.child.kill("SIGKILL");
        expect((await first.exited).signal).toBe("SIGKILL");
        if (driver === "pglite") {
          // The dead process's lock is still there; the next start must see it as stale, not refuse.
          expect(fs.existsSync(path.join(spot.dataDir, "atelier.lock"))).toBe(true);
        }

        const second = spawnWorker(spot, { ...env, HANG_ON_ATTEMPT: "1" });
        await second.line(new RegExp(`^event succeeded ${id} 2$`));
        await stop(second);

        const { job, effects } = await outcome(spot, id);
        expect(effects).toEqual([{ attempt: 2 }]);
        expect(job).toMatchObject({ state: "succeeded", attempts: 2, lockedBy: null });
        expect(job!.lastError).toMatch(recovery === "exclusive start" ? /was cut short/ : /lease expired/);
      } finally {
        await spot.dispose();
      }
    },
    CASE_TIMEOUT_MS,
  );
});

describe.each(["pglite", "postgres"] as const)("a worker stopped with SIGTERM mid-job (%s)", (driver) => {
  it.skipIf(!available[driver])(
    "hands the job back, and the next process completes it once",
    async () => {
      const spot = await createDatabaseSpot(driver);
      try {
        const id = await enqueueOne(spot);
        const first = spawnWorker(spot, { HANG_ON_ATTEMPT: "1", DRAIN_TIMEOUT_MS: "200" });
        await first.line(new RegExp(`^started ${id} 1$`));
        first.child.kill("SIGTERM");
        await first.line(new RegExp(`^event queued ${id} 1$`));
        await first.line(/^stopped$/);
        expect((await first.exited).code).toBe(0);
        if (driver === "pglite") expect(fs.existsSync(path.join(spot.dataDir, "atelier.lock"))).toBe(false);
        expect((await outcome(spot, id)).job).toMatchObject({ state: "queued", attempts: 0, lockedBy: null });

        const second = spawnWorker(spot, { HANG_ON_ATTEMPT: "0" });
        await second.line(new RegExp(`^event succeeded ${id} 1$`));
        await stop(second);
        const { job, effects } = await outcome(spot, id);
        expect(effects).toEqual([{ attempt: 1 }]);
        expect(job).toMatchObject({ state: "succeeded", attempts: 1 });
      } finally {
        await spot.dispose();
      }
    },
    CASE_TIMEOUT_MS,
  );
});
