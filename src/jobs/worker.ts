// The worker loop of the durable job queue. A worker claims queued jobs with one statement (FOR UPDATE
// SKIP LOCKED, so any number of workers on a PostgreSQL server share the queue), runs their handlers
// with a bounded concurrency, and settles each job: succeeded, queued again with exponential backoff,
// or dead with its last error.
//
// Delivery is at-least-once: a claim is a lease (`locked_by`, `locked_until`) renewed by a heartbeat
// while the handler runs; a worker that crashes stops renewing, and once the lease expires any worker
// requeues the job. The lease is fenced by (locked_by, attempts): every write a worker makes for a job
// — progress, success, failure, and the handler's own writes through `ctx.complete` — is guarded by
// "this worker still holds this attempt's lease", so a worker that lost its lease can change nothing,
// and a job's database effects made through `ctx.complete` commit exactly once.
//
// PGlite is a single connection: a transaction blocks every other query, so no transaction is held
// while a handler runs. `ctx.complete` transactions should stay short.
import { randomBytes } from "node:crypto";
import os from "node:os";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database, Executor } from "../db/client.ts";
import { jobs } from "../db/schema.ts";
import type { Job, JobState } from "./queue.ts";

/** Thrown by a handler for a failure that retrying cannot fix: the job goes dead at once. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** This worker no longer holds the job's lease (it expired and the job was requeued or reclaimed). */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/** The worker is shutting down and handed the job back to the queue (the abort signal's reason). */
export class JobAbortedError extends Error {
  override name = "JobAbortedError";
}

export interface JobContext {
  jobId: bigint;
  type: string;
  /** 1 on the first run; a job interrupted by a graceful shutdown gets the same number again. */
  attempt: number;
  maxAttempts: number;
  /**
   * Aborted when the worker lost the lease (reason: LeaseLostError) or is shutting down past its
   * drain timeout (reason: JobAbortedError). Pass it to fetch, AI SDK calls, etc.
   */
  signal: AbortSignal;
  /**
   * Reports progress, 0..1 (clamped). Writes are throttled: calls in quick succession record the latest
   * value at most once per progress interval. Rejects with LeaseLostError if the lease is gone.
   */
  progress(fraction: number): Promise<void>;
  /**
   * Runs `fn` and marks the job succeeded in one transaction, guarded by this attempt's lease: if the
   * lease was lost the transaction rolls back and this rejects with LeaseLostError. A value `fn`
   * returns (JSON) is stored as the job's result. Call at most once, as the handler's last step.
   * Inside `fn` use `tx` only: a query on the outer database would wait for this very transaction
   * (on PGlite, forever).
   */
  complete(): Promise<void>;
  complete<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
}

/**
 * Runs one job. Throwing schedules a retry (or dead, after max attempts or for PermanentJobError).
 * Returning without `ctx.complete` marks the job succeeded; a returned JSON value is its result.
 */
export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<unknown>;

export interface JobEvent {
  jobId: bigint;
  type: string;
  /** queued: scheduled for a retry or handed back; running: claimed, or progress while running. */
  state: JobState;
  progress: number;
  attempt: number;
  /** The failure that sent the job back to the queue or to dead. */
  error?: string;
}

export interface JobWorkerOptions {
  db: Database;
  logger: Logger;
  /** Handlers running at once (default 4, config JOBS_CONCURRENCY). */
  concurrency?: number;
  /** How often an idle worker looks for due jobs (default 1000 ms, config JOBS_POLL_MS). */
  pollMs?: number;
  /** A lease not renewed for this long is taken as a dead worker's (default 5 min). Heartbeat: a third of it. */
  visibilityTimeoutMs?: number;
  /** Retry n waits about base·2^(n-1), ±25 %, capped at backoffMaxMs (defaults 1 s and 1 h). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Least time between two progress writes of one job (default 500 ms). */
  progressIntervalMs?: number;
  /**
   * This process is the only one using the database (the embedded PGlite, behind the data-dir lock):
   * every job still `running` at start belonged to a process that is gone, so it is requeued at once
   * rather than after its lease expires. Never set it on a shared PostgreSQL server.
   */
  exclusive?: boolean;
  /** Identifies this worker in `locked_by` (default hostname:pid:random). */
  id?: string;
  /** State changes and progress of the jobs this worker runs or requeues. Must not throw. */
  onEvent?: (event: JobEvent) => void;
}

interface Run {
  job: Job;
  attempt: number;
  controller: AbortController;
  heartbeat: NodeJS.Timeout | undefined;
  /** ctx.complete() committed. */
  completed: boolean;
  /** A settling write (complete, success, failure) is under way: lease checks must not cry wolf. */
  settling: boolean;
  /** Handed back to the queue by drain(); nothing more is written for it. */
  released: boolean;
  leaseLost: boolean;
  pendingProgress: number | undefined;
  lastProgressAt: number;
  progressTimer: NodeJS.Timeout | undefined;
  progressChain: Promise<void>;
  done: Promise<void>;
}

const DEFAULTS = {
  concurrency: 4,
  pollMs: 1000,
  visibilityTimeoutMs: 5 * 60_000,
  backoffBaseMs: 1000,
  backoffMaxMs: 3600_000,
  progressIntervalMs: 500,
};
const REAP_BATCH = 100;
const MAX_ERROR_LENGTH = 4000;

/** Delay before retry number `attempt` (1-based): base·2^(attempt-1) with ±25 % jitter, at most maxMs. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 60));
  return Math.round(Math.min(maxMs, exponential * (0.75 + 0.5 * random())));
}

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

function describeError(err: unknown): string {
  let text: string;
  if (err instanceof Error)
    text = err.name && err.name !== "Error" ? `${err.name}: ${err.message}` : err.message;
  else text = String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

function assertJson(value: unknown): void {
  try {
    JSON.stringify(value);
  } catch (err) {
    throw new PermanentJobError(`the handler's result is not JSON: ${describeError(err)}`);
  }
}

const now = sql`now()`;
const unlocked = { lockedBy: null, lockedUntil: null, updatedAt: now };

export class JobWorker {
  readonly id: string;
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #visibilityTimeoutMs: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #progressIntervalMs: number;
  readonly #exclusive: boolean;
  readonly #onEvent: ((event: JobEvent) => void) | undefined;
  readonly #handlers = new Map<string, JobHandler>();
  readonly #active = new Map<bigint, Run>();
  #loop: Promise<void> | null = null;
  #draining: Promise<void> | null = null;
  #stopping = false;
  #wakeRequested = false;
  #wakeSleeper: (() => void) | null = null;
  /** The last claim filled every free slot, so more jobs may be due: look again as soon as one frees. */
  #mayHaveMore = false;
  #lastReapAt = 0;

  constructor(options: JobWorkerOptions) {
    this.#db = options.db;
    this.id = options.id ?? defaultWorkerId();
    this.#logger = options.logger.child({ worker: this.id });
    this.#concurrency = options.concurrency ?? DEFAULTS.concurrency;
    this.#pollMs = options.pollMs ?? DEFAULTS.pollMs;
    this.#visibilityTimeoutMs = options.visibilityTimeoutMs ?? DEFAULTS.visibilityTimeoutMs;
    this.#backoffBaseMs = options.backoffBaseMs ?? DEFAULTS.backoffBaseMs;
    this.#backoffMaxMs = options.backoffMaxMs ?? DEFAULTS.backoffMaxMs;
    this.#progressIntervalMs = options.progressIntervalMs ?? DEFAULTS.progressIntervalMs;
    this.#exclusive = options.exclusive ?? false;
    this.#onEvent = options.onEvent;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) {
      throw new RangeError(`JobWorker: concurrency must be a whole number >= 1, got ${this.#concurrency}`);
    }
  }

  /** Registers the handler for a job type (one per type). */
  register<P>(type: string, handler: JobHandler<P>): this {
    if (this.#handlers.has(type)) throw new Error(`JobWorker: a handler for "${type}" is already registered`);
    this.#handlers.set(type, handler as JobHandler);
    return this;
  }

  /** Handlers running now. */
  get running(): number {
    return this.#active.size;
  }

  /** Starts polling. A worker runs once: after drain() make a new one. */
  start(): void {
    if (this.#draining) throw new Error("JobWorker: cannot start a drained worker; create a new one");
    if (this.#loop) throw new Error("JobWorker: already started");
    this.#loop = this.#run();
  }

  /** Looks for due jobs now instead of at the next poll (call after an enqueue has committed). */
  wake(): void {
    if (this.#wakeSleeper) this.#wakeSleeper();
    else this.#wakeRequested = true;
  }

  /**
   * Graceful stop: claims nothing more, waits up to `timeoutMs` for running handlers, then aborts the
   * rest (their signal's reason is a JobAbortedError) and hands their jobs back to the queue at once,
   * without counting the interrupted attempt. Idempotent.
   */
  drain(timeoutMs: number): Promise<void> {
    this.#draining ??= this.#drain(timeoutMs);
    return this.#draining;
  }

  async #drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.#stopping = true;
    this.wake();
    await this.#loop;
    if (this.#active.size > 0) {
      this.#logger.info({ running: this.#active.size, timeoutMs }, "draining jobs");
      const all = Promise.allSettled([...this.#active.values()].map((run) => run.done));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      });
      await Promise.race([all, timeout]);
      clearTimeout(timer);
    }
    const leftovers = [...this.#active.values()];
    for (const run of leftovers) {
      run.released = true;
      clearInterval(run.heartbeat);
      clearTimeout(run.progressTimer);
      run.controller.abort(new JobAbortedError("the worker is shutting down; the job was handed back"));
    }
    for (const run of leftovers) {
      try {
        const rows = await this.#db
          .update(jobs)
          .set({ state: "queued", attempts: sql`${jobs.attempts} - 1`, runAt: now, ...unlocked })
          .where(this.#leaseGuard(run))
          .returning({ id: jobs.id });
        if (rows.length === 0) continue; // it finished (or lost its lease) at the last moment
        this.#logger.warn(this.#fields(run), "handed an unfinished job back to the queue at shutdown");
        this.#emit(run, "queued", 0);
      } catch (err) {
        this.#logger.error(
          { err, ...this.#fields(run) },
          "could not hand a job back at shutdown; it runs again once its lease expires",
        );
      }
    }
  }

  async #run(): Promise<void> {
    if (this.#exclusive) {
      try {
        await this.#requeueAbandoned("orphaned");
      } catch (err) {
        this.#logger.error({ err }, "could not requeue jobs left running by a previous process");
      }
    }
    while (!this.#stopping) {
      try {
        if (Date.now() - this.#lastReapAt >= this.#pollMs) {
          this.#lastReapAt = Date.now();
          await this.#requeueAbandoned("expired");
        }
        if (this.#stopping) break; // drain() began while this iteration was reaping
        const free = this.#concurrency - this.#active.size;
        if (free <= 0) {
          this.#mayHaveMore = true;
        } else {
          const claimed = await this.#claim(free);
          this.#mayHaveMore = claimed.length === free;
          for (const job of claimed) this.#execute(job);
        }
      } catch (err) {
        this.#logger.error({ err }, "job worker poll failed; trying again at the next poll");
      }
      await this.#sleep(this.#pollMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#wakeRequested || this.#stopping) {
      this.#wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakeSleeper = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeSleeper = done;
    });
  }

  #leaseEnd(): SQL {
    return sql`now() + make_interval(secs => ${this.#visibilityTimeoutMs / 1000}::double precision)`;
  }

  /** Fences every write for a job: this worker still holds this attempt's lease. */
  #leaseGuard(run: Run): SQL {
    return and(
      eq(jobs.id, run.job.id),
      eq(jobs.lockedBy, this.id),
      eq(jobs.attempts, run.attempt),
      eq(jobs.state, "running"),
    )!;
  }

  async #claim(limit: number): Promise<Job[]> {
    // ARRAY(subquery) is an InitPlan, run exactly once; SKIP LOCKED lets concurrent claimers pass
    // each other's rows instead of queueing on them.
    const rows = await this.#db
      .update(jobs)
      .set({
        state: "running",
        attempts: sql`${jobs.attempts} + 1`,
        lockedBy: this.id,
        lockedUntil: this.#leaseEnd(),
        progress: 0,
        updatedAt: now,
      })
      .where(
        sql`${jobs.id} = ANY(ARRAY(
          SELECT id FROM jobs WHERE state = 'queued' AND run_at <= now()
          ORDER BY run_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED))`,
      )
      .returning();
    return rows.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || (a.id < b.id ? -1 : 1));
  }

  /**
   * Requeues jobs whose worker is gone — "expired": its lease ran out (any worker may do this);
   * "orphaned": left running by an earlier process (exclusive databases only). The lost attempt
   * counts: a job that keeps killing its worker goes dead after max attempts.
   */
  async #requeueAbandoned(kind: "expired" | "orphaned"): Promise<void> {
    const exhausted = sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
    const pick =
      kind === "expired"
        ? sql`state = 'running' AND locked_until < now() ORDER BY locked_until LIMIT ${REAP_BATCH}`
        : sql`state = 'running' AND locked_by IS DISTINCT FROM ${this.id}`;
    const reason =
      kind === "expired"
        ? sql`'lease expired: worker ' || coalesce(${jobs.lockedBy}, '?') || ' stopped renewing it during attempt ' || ${jobs.attempts} || ' (crashed, killed or blocked)'`
        : sql`'attempt ' || ${jobs.attempts} || ' was cut short: its process (' || coalesce(${jobs.lockedBy}, '?') || ') stopped before finishing'`;
    const rows = await this.#db
      .update(jobs)
      .set({
        state: sql`CASE WHEN ${exhausted} THEN 'dead' ELSE 'queued' END`,
        lastError: reason,
        finishedAt: sql`CASE WHEN ${exhausted} THEN now() END`,
        runAt: now,
        ...unlocked,
      })
      .where(sql`${jobs.id} = ANY(ARRAY(SELECT id FROM jobs WHERE ${pick} FOR UPDATE SKIP LOCKED))`)
      .returning();
    for (const job of rows) {
      const fields = { jobId: String(job.id), type: job.type, attempt: job.attempts, state: job.state };
      this.#logger.warn({ ...fields, error: job.lastError }, "requeued a job abandoned by its worker");
      this.#emitJob(job, job.state, job.progress, job.attempts, job.lastError ?? undefined);
    }
  }

  #execute(job: Job): void {
    const run: Run = {
      job,
      attempt: job.attempts,
      controller: new AbortController(),
      heartbeat: undefined,
      completed: false,
      settling: false,
      released: false,
      leaseLost: false,
      pendingProgress: undefined,
      lastProgressAt: 0,
      progressTimer: undefined,
      progressChain: Promise.resolve(),
      done: Promise.resolve(),
    };
    this.#active.set(job.id, run);
    this.#emit(run, "running", 0);
    run.heartbeat = setInterval(() => void this.#renew(run), Math.max(10, this.#visibilityTimeoutMs / 3));
    run.heartbeat.unref();
    run.done = this.#runHandler(run).finally(() => {
      clearInterval(run.heartbeat);
      clearTimeout(run.progressTimer);
      this.#active.delete(job.id);
      if (this.#mayHaveMore && !this.#stopping) this.wake();
    });
  }

  async #runHandler(run: Run): Promise<void> {
    const { job } = run;
    const handler = this.#handlers.get(job.type);
    let failure: unknown = null;
    let result: unknown;
    if (!handler) {
      const known = [...this.#handlers.keys()].join(", ") || "none";
      failure = new PermanentJobError(
        `no handler is registered for job type "${job.type}" (known: ${known})`,
      );
    } else {
      try {
        this.#logger.debug(this.#fields(run), "job started");
        result = await handler(job.payload, this.#context(run));
        if (result !== undefined && !run.completed) assertJson(result);
      } catch (err) {
        failure = err;
      }
    }
    if (run.released) return; // drain() already handed it back
    try {
      if (run.completed) {
        if (failure)
          this.#logger.warn({ err: failure, ...this.#fields(run) }, "handler threw after complete()");
      } else if (failure) {
        await this.#fail(run, failure);
      } else {
        await this.#succeed(run, result);
      }
    } catch (err) {
      this.#logger.error(
        { err, ...this.#fields(run) },
        "could not record a job's outcome; it runs again once its lease expires",
      );
    }
  }

  #context(run: Run): JobContext {
    return {
      jobId: run.job.id,
      type: run.job.type,
      attempt: run.attempt,
      maxAttempts: run.job.maxAttempts,
      signal: run.controller.signal,
      progress: (fraction) => this.#progress(run, fraction),
      complete: ((fn?: (tx: Executor) => Promise<unknown>) =>
        this.#complete(run, fn)) as JobContext["complete"],
    };
  }

  async #complete<T>(run: Run, fn?: (tx: Executor) => Promise<T>): Promise<T | undefined> {
    if (run.completed || run.settling) throw new Error("ctx.complete() may be called only once per attempt");
    run.settling = true;
    try {
      const value = await this.#db.transaction(async (tx) => {
        // Guard first: it locks the job row, so nobody can reclaim it until this commits.
        const rows = await tx
          .update(jobs)
          .set({ state: "succeeded", progress: 1, finishedAt: now, ...unlocked })
          .where(this.#leaseGuard(run))
          .returning({ id: jobs.id });
        if (rows.length === 0) {
          throw new LeaseLostError(
            `job ${run.job.id} (attempt ${run.attempt}) lost its lease before completing; its changes were rolled back`,
          );
        }
        const value = fn ? await fn(tx) : undefined;
        if (value !== undefined) await tx.update(jobs).set({ result: value }).where(eq(jobs.id, run.job.id));
        return value;
      });
      run.completed = true;
      this.#stopTimers(run);
      this.#logger.debug(this.#fields(run), "job succeeded");
      this.#emit(run, "succeeded", 1);
      return value;
    } catch (err) {
      if (err instanceof LeaseLostError) this.#loseLease(run, err);
      throw err;
    } finally {
      run.settling = false;
    }
  }

  async #succeed(run: Run, result: unknown): Promise<void> {
    run.settling = true;
    this.#stopTimers(run);
    const rows = await this.#db
      .update(jobs)
      .set({
        state: "succeeded",
        progress: 1,
        finishedAt: now,
        ...(result === undefined ? {} : { result }),
        ...unlocked,
      })
      .where(this.#leaseGuard(run))
      .returning({ id: jobs.id });
    if (rows.length === 0) {
      this.#logger.warn(this.#fields(run), "job finished after losing its lease; it runs again elsewhere");
      return;
    }
    this.#logger.debug(this.#fields(run), "job succeeded");
    this.#emit(run, "succeeded", 1);
  }

  async #fail(run: Run, failure: unknown): Promise<void> {
    run.settling = true;
    this.#stopTimers(run);
    const error = describeError(failure);
    const dead = failure instanceof PermanentJobError || run.attempt >= run.job.maxAttempts;
    const delayMs = dead ? 0 : backoffDelay(run.attempt, this.#backoffBaseMs, this.#backoffMaxMs);
    const rows = await this.#db
      .update(jobs)
      .set(
        dead
          ? { state: "dead", lastError: error, finishedAt: now, ...unlocked }
          : {
              state: "queued",
              lastError: error,
              runAt: sql`now() + make_interval(secs => ${delayMs / 1000}::double precision)`,
              ...unlocked,
            },
      )
      .where(this.#leaseGuard(run))
      .returning({ id: jobs.id, progress: jobs.progress });
    if (rows.length === 0) {
      this.#logger.warn(
        { err: failure, ...this.#fields(run) },
        "job failed after losing its lease; its current holder decides",
      );
      return;
    }
    const fields = { err: failure, ...this.#fields(run), maxAttempts: run.job.maxAttempts };
    if (dead) this.#logger.error(fields, "job failed for good (dead)");
    else this.#logger.warn({ ...fields, retryInMs: delayMs }, "job failed; retrying later");
    this.#emit(run, dead ? "dead" : "queued", rows[0]!.progress, error);
  }

  async #renew(run: Run): Promise<void> {
    if (run.settling || run.completed || run.released || run.leaseLost) return;
    try {
      const rows = await this.#db
        .update(jobs)
        .set({ lockedUntil: this.#leaseEnd() })
        .where(this.#leaseGuard(run))
        .returning({ id: jobs.id });
      if (rows.length === 0 && !(run.settling || run.completed || run.released)) {
        this.#loseLease(run, new LeaseLostError(`job ${run.job.id} (attempt ${run.attempt}) lost its lease`));
      }
    } catch (err) {
      this.#logger.warn({ err, ...this.#fields(run) }, "could not renew a job's lease");
    }
  }

  #loseLease(run: Run, err: LeaseLostError): void {
    if (run.leaseLost) return;
    run.leaseLost = true;
    this.#stopTimers(run);
    this.#logger.warn(this.#fields(run), "lost a job's lease (it expired); aborting the handler");
    run.controller.abort(err);
  }

  #stopTimers(run: Run): void {
    clearInterval(run.heartbeat);
    clearTimeout(run.progressTimer);
    run.progressTimer = undefined;
    run.pendingProgress = undefined;
  }

  async #progress(run: Run, fraction: number): Promise<void> {
    if (typeof fraction !== "number" || Number.isNaN(fraction)) {
      throw new RangeError(`ctx.progress() needs a number from 0 to 1, got ${String(fraction)}`);
    }
    if (run.leaseLost) throw run.controller.signal.reason;
    if (run.settling || run.completed || run.released) return;
    run.pendingProgress = Math.min(1, Math.max(0, fraction));
    if (run.progressTimer) return; // a trailing write is already scheduled and will take the latest value
    const wait = run.lastProgressAt + this.#progressIntervalMs - Date.now();
    if (wait > 0) {
      run.progressTimer = setTimeout(() => {
        run.progressTimer = undefined;
        void this.#writeProgress(run);
      }, wait);
      return;
    }
    await this.#writeProgress(run);
    if (run.leaseLost) throw run.controller.signal.reason;
  }

  /** Writes the latest pending progress; writes are chained so they land in order. */
  #writeProgress(run: Run): Promise<void> {
    run.lastProgressAt = Date.now();
    run.progressChain = run.progressChain.then(async () => {
      const value = run.pendingProgress;
      run.pendingProgress = undefined;
      if (value === undefined || run.settling || run.completed || run.released || run.leaseLost) return;
      try {
        const rows = await this.#db
          .update(jobs)
          .set({ progress: value, lockedUntil: this.#leaseEnd(), updatedAt: now })
          .where(this.#leaseGuard(run))
          .returning({ id: jobs.id });
        if (rows.length > 0) this.#emit(run, "running", value);
        else if (!(run.settling || run.completed || run.released)) {
          this.#loseLease(
            run,
            new LeaseLostError(`job ${run.job.id} (attempt ${run.attempt}) lost its lease`),
          );
        }
      } catch (err) {
        this.#logger.warn({ err, ...this.#fields(run) }, "could not record a job's progress");
      }
    });
    return run.progressChain;
  }

  #fields(run: Run) {
    return { jobId: String(run.job.id), type: run.job.type, attempt: run.attempt };
  }

  #emit(run: Run, state: JobState, progress: number, error?: string): void {
    this.#emitJob(run.job, state, progress, run.attempt, error);
  }

  #emitJob(job: Job, state: JobState, progress: number, attempt: number, error?: string): void {
    if (!this.#onEvent) return;
    try {
      this.#onEvent({ jobId: job.id, type: job.type, state, progress, attempt, ...(error ? { error } : {}) });
    } catch (err) {
      this.#logger.error({ err }, "a job event listener threw");
    }
  }
}
