// Per-person limits on image generation: images per UTC day and generations running at once.
// Checked and reserved inside the transaction that enqueues the job, after locking the person's
// account row, so 50 parallel requests cannot all pass the check before any of them inserts.
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client.ts";
import { DomainError } from "../../errors.ts";

export interface ImageQuotas {
  /** Images per UTC day; 0: no limit. */
  imagesPerDay: number;
  /** Generations queued or running at once; 0: no limit. */
  concurrentJobs: number;
}

export class QuotaExceededError extends DomainError {
  override name = "QuotaExceededError";
  /** When trying again can succeed (midnight UTC for the daily quota); null: when a running job ends. */
  readonly resetsAt: Date | null;
  constructor(message: string, resetsAt: Date | null) {
    super(429, message, resetsAt ? { resets_at: resetsAt.toISOString() } : undefined);
    this.resetsAt = resetsAt;
  }
}

export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

function inWords(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${m} min` : `${m} min`;
}

export interface QuotaState {
  imagesToday: number;
  activeJobs: number;
  resetsAt: Date;
}

/** Images counted today (failed generations give theirs back) and generations not finished yet. */
export async function quotaState(
  db: Executor,
  accountId: bigint,
  now: Date = new Date(),
): Promise<QuotaState> {
  const since = startOfUtcDay(now);
  const [row] = await queryRows<{ images: string | number | bigint; active: string | number | bigint }>(
    db,
    sql`SELECT
          coalesce(sum(g.count) FILTER (WHERE g.created_at >= ${since.toISOString()}::timestamptz
            AND (g.state = 'succeeded' OR j.state IS DISTINCT FROM 'dead')), 0) AS images,
          count(*) FILTER (WHERE g.state = 'pending' AND j.state IN ('queued', 'running')) AS active
        FROM ai_image_generations g LEFT JOIN jobs j ON j.id = g.job_id
        WHERE g.account_id = ${accountId}
          AND (g.created_at >= ${since.toISOString()}::timestamptz OR g.state = 'pending')`,
  );
  return {
    imagesToday: Number(row?.images ?? 0),
    activeJobs: Number(row?.active ?? 0),
    resetsAt: new Date(since.getTime() + 86_400_000),
  };
}

/**
 * Locks the account row (concurrent reservations for one person queue here) and throws
 * QuotaExceededError when `images` more would break a limit. Call inside the enqueueing transaction.
 */
export async function reserveImageQuota(
  tx: Executor,
  accountId: bigint,
  images: number,
  quotas: ImageQuotas,
  now: Date = new Date(),
): Promise<void> {
  if (quotas.imagesPerDay <= 0 && quotas.concurrentJobs <= 0) return;
  await tx.execute(sql`SELECT id FROM accounts WHERE id = ${accountId} FOR UPDATE`);
  const state = await quotaState(tx, accountId, now);
  if (quotas.concurrentJobs > 0 && state.activeJobs >= quotas.concurrentJobs) {
    throw new QuotaExceededError(
      `You already have ${state.activeJobs} image generation${state.activeJobs === 1 ? "" : "s"} in progress ` +
        `(the limit is ${quotas.concurrentJobs} at once); try again when one finishes`,
      null,
    );
  }
  if (quotas.imagesPerDay > 0 && state.imagesToday + images > quotas.imagesPerDay) {
    const left = Math.max(0, quotas.imagesPerDay - state.imagesToday);
    const when = `the quota resets at ${state.resetsAt.toISOString()} (in ${inWords(state.resetsAt.getTime() - now.getTime())})`;
    throw new QuotaExceededError(
      left === 0
        ? `You have used all ${quotas.imagesPerDay} of today's images; ${when}`
        : `Only ${left} of today's ${quotas.imagesPerDay} images are left and this asks for ${images}; ${when}`,
      state.resetsAt,
    );
  }
}
