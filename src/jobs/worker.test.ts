// The job queue on both drivers: transactional enqueue, success, progress, retries with backoff, dead
// jobs, lease expiry and fencing, graceful drain, concurrency.
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "../db/client.ts";
import { queryRows } from "../db/client.ts";
import {
  createDatabaseSpot,
  type DatabaseSpot,
  DRIVERS,
  deferred,
  driverAvailable,
  silentLogger,
  waitFor,
} from "./fixtures/databases.ts";
import { countJobsByState, enqueue, getJob, type Job, pruneSucceededJobs } from "./queue.ts";
import {
  backoffDelay,
  JobAbortedError,
  type JobContext,
  type JobEvent,
  JobWorker,
  type JobWorkerOptions,
  LeaseLostError,
  PermanentJobError,
} from "./worker.ts";

describe("backoffDelay", () => {
  it("doubles from the base with ±25% jitter and stops at the cap", () => {
    const mid = () => 0.5;
    expect(backoffDelay(1, 1000, 3600_000, mid)).toBe(1000);
    expect(backoffDelay(2, 1000, 3600_000, mid)).toBe(2000);
    expect(backoffDelay(5, 1000, 3600_000, mid)).toBe(16_000);
    expect(backoffDelay(3, 1000, 3600_000, () => 0)).toBe(3000);
    expect(backoffDelay(3, 1000, 3600_000, () => 1)).toBe(5000);
    expect(backoffDelay(40, 1000, 3600_000, () => 1)).toBe(3600_000);
    expect(backoffDelay(5000, 1000, 3600_000, mid)).toBe(3600_000);
  });
});

const available = Object.fromEntries(
  await Promise.all(DRIVERS.map(async (d) => [d, await driverAvailable(d)])),
);

describe.each(DRIVERS)("job queue on %s", (driver) => {
  const skip = !available[driver];
  let spot: DatabaseSpot;
  let handle: DatabaseHandle;
  let db: Database;
  const workers: JobWorker[] = [];

  beforeAll(async () => {
    if (skip) return;
    spot = await createDatabaseSpot(driver);
    handle = await spot.open();
    db = handle.db;
    await db.execute(
      sql`CREATE TABLE job_effects (job_id bigint NOT NULL, attempt integer NOT NULL, note text)`,
    );
  });
  afterAll(async () => {
    await spot?.dispose();
  });
  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    await db.execute(sql`TRUNCATE jobs, job_effects RESTART IDENTITY`);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.drain(1000)));
  });

  function worker(options: Partial<JobWorkerOptions> & { events?: JobEvent[] } = {}): JobWorker {
    const { events, ...rest } = options;
    const w = new JobWorker({
      db,
      logger: silentLogger,
      pollMs: 20,
      visibilityTimeoutMs: 5000,
      backoffBaseMs: 10,
      progressIntervalMs: 50,
      onEvent: events ? (e) => events.push(e) : undefined,
      ...rest,
    });
    workers.push(w);
    return w;
  }

  const job = async (id: bigint): Promise<Job> => (await getJob(db, id))!;
  const jobIn = (id: bigint, ...states: Job["state"][]) =>
    waitFor(`job ${id} to be ${states.join("/")}`, async () => {
      const j = await job(id);
      return states.includes(j.state) ? j : null;
    });
  const effects = (id: bigint) =>
    queryRows<{ attempt: number; note: string | null }>(
      db,
      sql`SELECT attempt, note FROM job_effects WHERE job_id = ${id} ORDER BY attempt`,
    );

  it("enqueues inside the caller's transaction: a rollback leaves no job", async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, { type: "mail", payload: { to: "a" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await countJobsByState(db)).toEqual({ queued: 0, running: 0, succeeded: 0, dead: 0 });

    const id = await db.transaction((tx) =>
      enqueue(tx, { type: "mail", payload: { to: "b" }, maxAttempts: 3 }),
    );
    expect(await job(id)).toMatchObject({
      type: "mail",
      payload: { to: "b" },
      state: "queued",
      attempts: 0,
      maxAttempts: 3,
      progress: 0,
      lockedBy: null,
    });
    expect(await getJob(db, id + 1000n)).toBeNull();
    expect(await countJobsByState(db)).toEqual({ queued: 1, running: 0, succeeded: 0, dead: 0 });
    await expect(enqueue(db, { type: "" })).rejects.toThrow(TypeError);
    await expect(enqueue(db, { type: "x", maxAttempts: 0 })).rejects.toThrow(RangeError);
  });

  it("runs a job once, records success and its result, and starts new work on wake()", async () => {
    const events: JobEvent[] = [];
    const seen: unknown[] = [];
    const w = worker({ pollMs: 60_000, events }); // only the first poll and wake() can find jobs
    w.register<{ n: number }>("double", async (payload, ctx) => {
      seen.push({ payload, attempt: ctx.attempt, jobId: ctx.jobId });
      return { doubled: payload.n * 2 };
    });
    const first = await enqueue(db, { type: "double", payload: { n: 21 } });
    w.start();
    const done = await jobIn(first, "succeeded", "dead");
    expect(done).toMatchObject({ state: "succeeded", attempts: 1, progress: 1, result: { doubled: 42 } });
    expect(done.lockedBy).toBeNull();
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect(seen).toEqual([{ payload: { n: 21 }, attempt: 1, jobId: first }]);
    expect(events.map((e) => e.state)).toEqual(["running", "succeeded"]);
    expect(events[1]).toMatchObject({ jobId: first, type: "double", progress: 1, attempt: 1 });

    const second = await enqueue(db, { type: "double", payload: { n: 5 } });
    w.wake(); // the poll interval is a minute: only wake() gets this done before waitFor's deadline
    expect(await jobIn(second, "succeeded")).toMatchObject({ result: { doubled: 10 } });
  });

  it("records progress, clamped and throttled", async () => {
    const events: JobEvent[] = [];
    const step = deferred();
    const finish = deferred();
    const w = worker({ events, progressIntervalMs: 1000 });
    w.register("render", async (_payload, ctx) => {
      await expect(ctx.progress(Number.NaN)).rejects.toThrow(RangeError);
      await ctx.progress(0.25);
      await step.promise;
      for (let i = 1; i <= 100; i++) await ctx.progress(i / 200); // a chatty handler
      await finish.promise;
    });
    const id = await enqueue(db, { type: "render" });
    w.start();
    await waitFor("progress 0.25", async () => (await job(id)).progress === 0.25);
    step.resolve();
    // The burst lands as its last value, in a trailing write rather than a hundred.
    const running = await waitFor("progress 0.5", async () => {
      const j = await job(id);
      return j.progress === 0.5 ? j : null;
    });
    expect(running.state).toBe("running");
    const progressEvents = events.filter((e) => e.state === "running" && e.progress > 0);
    expect(progressEvents.length).toBeLessThanOrEqual(5);
    expect(progressEvents.at(-1)).toMatchObject({ jobId: id, progress: 0.5 });
    finish.resolve();
    expect(await jobIn(id, "succeeded")).toMatchObject({ progress: 1 });

    const clamp = deferred();
    w.register("clamp", async (_payload, ctx) => {
      await ctx.progress(7);
      await clamp.promise;
    });
    const clamped = await enqueue(db, { type: "clamp" });
    w.wake();
    await waitFor("progress clamped to 1 while running", async () => {
      const j = await job(clamped);
      return j.state === "running" && j.progress === 1;
    });
    clamp.resolve();
    await jobIn(clamped, "succeeded");
  });

  it("retries a failing job with backoff until it succeeds", async () => {
    const events: JobEvent[] = [];
    const w = worker({ events });
    w.register("flaky", async (_payload, ctx) => {
      if (ctx.attempt < 3) throw new Error(`flaky ${ctx.attempt}`);
    });
    const id = await enqueue(db, { type: "flaky" });
    w.start();
    const done = await jobIn(id, "succeeded", "dead");
    expect(done).toMatchObject({ state: "succeeded", attempts: 3, lastError: "flaky 2" });
    expect(events.map((e) => `${e.state}:${e.attempt}`)).toEqual([
      "running:1",
      "queued:1",
      "running:2",
      "queued:2",
      "running:3",
      "succeeded:3",
    ]);
    expect(events[1]!.error).toBe("flaky 1");
  });

  it("schedules the retry base·2^(attempt-1) later", async () => {
    const w = worker({ backoffBaseMs: 600_000 });
    let calls = 0;
    w.register("later", async () => {
      calls++;
      throw new Error("not yet");
    });
    const id = await enqueue(db, { type: "later" });
    w.start();
    const queued = await waitFor("the first failure", async () => {
      const j = await job(id);
      return j.attempts === 1 && j.state === "queued" ? j : null;
    });
    expect(queued.lastError).toBe("not yet");
    const [row] = await queryRows<{ seconds: number }>(
      db,
      sql`SELECT extract(epoch FROM run_at - now())::float8 AS seconds FROM jobs WHERE id = ${id}`,
    );
    expect(row!.seconds).toBeGreaterThan(0.75 * 600 - 30);
    expect(row!.seconds).toBeLessThanOrEqual(1.25 * 600);
    expect(calls).toBe(1);
  });

  it("marks a job dead with its last error after max attempts, or at once for a permanent error", async () => {
    const events: JobEvent[] = [];
    const w = worker({ events });
    w.register("doomed", async (_p, ctx) => {
      throw new Error(`boom ${ctx.attempt}`);
    });
    w.register("invalid", async () => {
      throw new PermanentJobError("payload has no prompt");
    });
    w.register("bigint", async () => 1n);
    const doomed = await enqueue(db, { type: "doomed", maxAttempts: 3 });
    const invalid = await enqueue(db, { type: "invalid" });
    const bigint = await enqueue(db, { type: "bigint" });
    w.start();
    const dead = await jobIn(doomed, "dead", "succeeded");
    expect(dead).toMatchObject({ state: "dead", attempts: 3, lastError: "boom 3", lockedBy: null });
    expect(dead.finishedAt).toBeInstanceOf(Date);
    expect(await jobIn(invalid, "dead", "succeeded")).toMatchObject({
      state: "dead",
      attempts: 1,
      lastError: "PermanentJobError: payload has no prompt",
    });
    expect((await jobIn(bigint, "dead", "succeeded")).lastError).toMatch(/result is not JSON/);
    expect(events.filter((e) => e.jobId === doomed).at(-1)).toMatchObject({ state: "dead", error: "boom 3" });
    expect(await countJobsByState(db)).toEqual({ queued: 0, running: 0, succeeded: 0, dead: 3 });
  });

  it("marks a job of an unknown type dead with a clear error", async () => {
    const w = worker();
    w.register("known", async () => {});
    const id = await enqueue(db, { type: "no-such-type" });
    w.start();
    const dead = await jobIn(id, "dead", "succeeded");
    expect(dead.state).toBe("dead");
    expect(dead.lastError).toBe(
      'PermanentJobError: no handler is registered for job type "no-such-type" (known: known)',
    );
  });

  /** Claims a job as a worker that then vanishes without a trace. */
  const claimAsGhost = (id: bigint, leaseMs: number) =>
    db.execute(sql`UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = 'ghost',
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}::float8) WHERE id = ${id}`);

  it("runs again a job whose worker vanished, once its lease expires", async () => {
    const attempts: number[] = [];
    const id = await enqueue(db, { type: "resilient" });
    const exhausted = await enqueue(db, { type: "resilient", maxAttempts: 1 });
    await claimAsGhost(id, 300);
    await claimAsGhost(exhausted, 300);
    const w = worker();
    w.register("resilient", async (_p, ctx) => {
      attempts.push(ctx.attempt);
    });
    w.start();
    const done = await jobIn(id, "succeeded");
    expect(done.attempts).toBe(2);
    expect(done.lastError).toMatch(/^lease expired: worker ghost stopped renewing it during attempt 1/);
    expect(attempts).toEqual([2]);
    // A job that already used its last attempt when its worker vanished goes dead instead.
    const dead = await jobIn(exhausted, "dead");
    expect(dead).toMatchObject({ attempts: 1 });
    expect(dead.lastError).toMatch(/lease expired/);
  });

  it("requeues at once the jobs an exclusive worker finds left running at start", async () => {
    const id = await enqueue(db, { type: "orphan" });
    await claimAsGhost(id, 3600_000);
    const w = worker({ exclusive: true });
    w.register("orphan", async () => {});
    w.start();
    const done = await jobIn(id, "succeeded");
    expect(done.attempts).toBe(2);
    expect(done.lastError).toMatch(/^attempt 1 was cut short: its process \(ghost\) stopped/);
  });

  it("keeps a live handler's lease renewed so nobody reclaims it", async () => {
    const started = deferred();
    const finish = deferred();
    const owner = worker({ visibilityTimeoutMs: 600, id: "owner" });
    owner.register("slow", async () => {
      started.resolve();
      await finish.promise;
    });
    const id = await enqueue(db, { type: "slow" });
    owner.start();
    await started.promise;
    const firstLease = (await job(id)).lockedUntil!;
    const rival = worker({ visibilityTimeoutMs: 600, id: "rival" });
    const stolen: number[] = [];
    rival.register("slow", async (_p, ctx) => {
      stolen.push(ctx.attempt);
    });
    rival.start();
    // Wait until the database clock is well past the first lease's end: without renewals the rival
    // (looking every 20 ms) would have taken the job by now.
    await waitFor("the first lease to be long over", async () => {
      const [row] = await queryRows<{ over: boolean }>(
        db,
        sql`SELECT now() > ${firstLease.toISOString()}::timestamptz + interval '500 milliseconds' AS over`,
      );
      return row!.over;
    });
    expect(await job(id)).toMatchObject({ state: "running", lockedBy: "owner", attempts: 1 });
    finish.resolve();
    expect(await jobIn(id, "succeeded")).toMatchObject({ attempts: 1 });
    expect(stolen).toEqual([]);
  });

  it("commits ctx.complete's writes with the job's success, exactly once", async () => {
    const w = worker();
    let failOnce = true;
    w.register<{ note: string }>("effect", async (payload, ctx) => {
      await ctx.complete(async (tx) => {
        await tx.execute(
          sql`INSERT INTO job_effects (job_id, attempt, note) VALUES (${String(ctx.jobId)}::bigint, ${ctx.attempt}, ${payload.note})`,
        );
        if (failOnce) {
          failOnce = false;
          throw new Error("constraint violated"); // rolls the insert back with the success
        }
        return { wrote: 1 };
      });
    });
    const id = await enqueue(db, { type: "effect", payload: { note: "hello" } });
    w.start();
    const done = await jobIn(id, "succeeded");
    expect(done).toMatchObject({ attempts: 2, result: { wrote: 1 }, lastError: "constraint violated" });
    expect(await effects(id)).toEqual([{ attempt: 2, note: "hello" }]);
  });

  it("rolls ctx.complete back when the lease was lost, and aborts the handler", async () => {
    const started = deferred();
    const go = deferred();
    const outcome = deferred<{ error: unknown; aborted: boolean; reason: unknown }>();
    const w = worker({ visibilityTimeoutMs: 60_000 });
    w.register("fenced", async (_p, ctx) => {
      started.resolve();
      await go.promise;
      try {
        await ctx.complete(async (tx) => {
          await tx.execute(
            sql`INSERT INTO job_effects (job_id, attempt) VALUES (${String(ctx.jobId)}::bigint, ${ctx.attempt})`,
          );
        });
        outcome.resolve({ error: null, aborted: ctx.signal.aborted, reason: undefined });
      } catch (error) {
        outcome.resolve({ error, aborted: ctx.signal.aborted, reason: ctx.signal.reason });
        throw error;
      }
    });
    const id = await enqueue(db, { type: "fenced" });
    w.start();
    await started.promise;
    // The lease expired and another worker took the job while this handler was still busy.
    await db.execute(
      sql`UPDATE jobs SET locked_by = 'thief', attempts = attempts + 1, locked_until = now() + interval '1 hour' WHERE id = ${id}`,
    );
    go.resolve();
    const { error, aborted, reason } = await outcome.promise;
    expect(error).toBeInstanceOf(LeaseLostError);
    expect(aborted).toBe(true);
    expect(reason).toBeInstanceOf(LeaseLostError);
    expect(await effects(id)).toEqual([]);
    await waitFor("the worker to let go", () => w.running === 0);
    expect(await job(id)).toMatchObject({
      state: "running",
      lockedBy: "thief",
      attempts: 2,
      lastError: null,
    });
  });

  it("drains: waits for handlers that finish in time, hands the others back to the queue", async () => {
    const quickStarted = deferred();
    const quickFinish = deferred();
    const stuckStarted = deferred();
    let abortReason: unknown;
    const first = worker({ concurrency: 2 });
    first.register("quick", async () => {
      quickStarted.resolve();
      await quickFinish.promise;
    });
    first.register("stuck", async (_p, ctx) => {
      if (ctx.attempt > 1) return;
      stuckStarted.resolve();
      await new Promise((_resolve, reject) =>
        ctx.signal.addEventListener("abort", () => {
          abortReason = ctx.signal.reason;
          reject(ctx.signal.reason);
        }),
      );
    });
    const quick = await enqueue(db, { type: "quick" });
    const stuck = await enqueue(db, { type: "stuck" });
    first.start();
    await Promise.all([quickStarted.promise, stuckStarted.promise]);
    const draining = first.drain(1500);
    const late = await enqueue(db, { type: "quick" });
    first.wake();
    quickFinish.resolve();
    await draining;
    expect(await job(quick)).toMatchObject({ state: "succeeded" });
    expect(abortReason).toBeInstanceOf(JobAbortedError);
    // Handed back without counting the interrupted attempt, ready for another worker right away.
    expect(await job(stuck)).toMatchObject({
      state: "queued",
      attempts: 0,
      lockedBy: null,
      lockedUntil: null,
    });
    expect(await job(late)).toMatchObject({ state: "queued", attempts: 0 });
    expect(() => first.start()).toThrow(/drained/);

    const second = worker();
    const attempts: number[] = [];
    second.register("stuck", async (_p, ctx) => {
      attempts.push(ctx.attempt);
    });
    second.register("quick", async () => {});
    second.start();
    expect(await jobIn(stuck, "succeeded")).toMatchObject({ attempts: 1 });
    await jobIn(late, "succeeded");
    expect(attempts).toEqual([1]);
  });

  it("shares the queue between workers, each job once, within each worker's concurrency", async () => {
    const peaks: number[] = [];
    const ids: bigint[] = [];
    for (let i = 0; i < 30; i++) ids.push(await enqueue(db, { type: "shared" }));
    for (let i = 0; i < 3; i++) {
      let current = 0;
      peaks[i] = 0;
      worker({ concurrency: 2 })
        .register("shared", async (_p, ctx: JobContext) => {
          current++;
          peaks[i] = Math.max(peaks[i]!, current);
          await new Promise((resolve) => setTimeout(resolve, 5));
          await ctx.complete(async (tx) => {
            await tx.execute(
              sql`INSERT INTO job_effects (job_id, attempt) VALUES (${String(ctx.jobId)}::bigint, ${ctx.attempt})`,
            );
          });
          current--;
        })
        .start();
    }
    await waitFor("all jobs to succeed", async () => (await countJobsByState(db)).succeeded === 30);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(2);
    const rows = await queryRows<{ job_id: string; n: string | number; attempt: number }>(
      db,
      sql`SELECT job_id::text, count(*) AS n, max(attempt) AS attempt FROM job_effects GROUP BY job_id`,
    );
    expect(rows.map((r) => BigInt(r.job_id)).sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(rows.every((r) => Number(r.n) === 1 && r.attempt === 1)).toBe(true);
  });

  it("prunes old succeeded jobs and keeps the rest", async () => {
    const w = worker();
    w.register("done", async () => {});
    const done = await enqueue(db, { type: "done" });
    const waiting = await enqueue(db, { type: "done", runAt: new Date(Date.now() + 3600_000) });
    w.start();
    await jobIn(done, "succeeded");
    expect(await pruneSucceededJobs(db, new Date(Date.now() - 3600_000))).toBe(0);
    expect(await pruneSucceededJobs(db, new Date(Date.now() + 60_000))).toBe(1);
    expect(await getJob(db, done)).toBeNull();
    expect(await job(waiting)).toMatchObject({ state: "queued" });
  });
});
