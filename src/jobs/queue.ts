// The durable job queue's data side: jobs are rows in `jobs`, enqueued with the same executor (database
// or open transaction) as the change that causes them, so a rolled-back change leaves no job behind and
// a committed one always has its job. Workers (worker.ts) claim, run and settle them.
import { and, eq, lt, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { jobs } from "../db/schema.ts";

export type Job = typeof jobs.$inferSelect;
export type JobState = Job["state"];
export const JOB_STATES: readonly JobState[] = ["queued", "running", "succeeded", "dead"];

export interface NewJob {
  /** Names the handler a worker registered for it (`JobWorker.register`). */
  type: string;
  /** Any JSON value; the handler receives it as stored. Defaults to `{}`. */
  payload?: unknown;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Attempts before the job goes dead (default 8: about 4 minutes of retries at the default backoff). */
  maxAttempts?: number;
}

/**
 * Adds a job. Pass the transaction that makes the change the job follows from, so both commit or
 * neither does. Workers in this process pick it up at the next poll; call `JobWorker.wake()` after
 * the transaction commits to start it at once.
 */
export async function enqueue(db: Executor, job: NewJob): Promise<bigint> {
  if (typeof job.type !== "string" || job.type.trim() === "") {
    throw new TypeError("enqueue: job type must be a non-empty string");
  }
  if (job.maxAttempts !== undefined && (!Number.isInteger(job.maxAttempts) || job.maxAttempts < 1)) {
    throw new RangeError(`enqueue: maxAttempts must be a whole number >= 1, got ${job.maxAttempts}`);
  }
  if (job.runAt !== undefined && Number.isNaN(job.runAt.getTime())) {
    throw new RangeError("enqueue: runAt is an invalid Date");
  }
  const [row] = await db
    .insert(jobs)
    .values({
      type: job.type,
      payload: job.payload ?? {},
      ...(job.runAt ? { runAt: job.runAt } : {}),
      ...(job.maxAttempts ? { maxAttempts: job.maxAttempts } : {}),
    })
    .returning({ id: jobs.id });
  return row!.id;
}

export async function getJob(db: Executor, id: bigint): Promise<Job | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

/** Jobs per state, every state present (for the /metrics queue-depth gauge). */
export async function countJobsByState(db: Executor): Promise<Record<JobState, number>> {
  const rows = await db
    .select({ state: jobs.state, count: sql<string | number>`count(*)` })
    .from(jobs)
    .groupBy(jobs.state);
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}

/** Deletes succeeded jobs that finished before `before`; returns how many went. Dead jobs are kept. */
export async function pruneSucceededJobs(db: Executor, before: Date): Promise<number> {
  const rows = await db
    .delete(jobs)
    .where(and(eq(jobs.state, "succeeded"), lt(jobs.finishedAt, before)))
    .returning({ id: jobs.id });
  return rows.length;
}
