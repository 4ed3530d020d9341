// AI usage per account, UTC day, capability and model: requests, tokens, images and estimated cost.
// Recorded in the same transaction as the work it counts (a generation's completion), so a retried
// job is counted once.
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { aiUsage } from "../db/schema.ts";
import type { AiCapability, AiUsage } from "./types.ts";

export interface UsageRecord {
  accountId: bigint;
  capability: AiCapability | "moderation";
  /** `provider:model`. */
  model: string;
  provider: string;
  usage?: AiUsage | undefined;
  /** Requests this record stands for (default 1). */
  requests?: number;
}

/** The UTC day of `at` as YYYY-MM-DD, the `day` key of the usage table. */
export function utcDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}

export async function recordAiUsage(db: Executor, record: UsageRecord, at: Date = new Date()): Promise<void> {
  const u = record.usage ?? {};
  const values = {
    requests: record.requests ?? 1,
    inputTokens: u.inputTokens ?? 0,
    outputTokens: u.outputTokens ?? 0,
    images: u.images ?? 0,
    costUsd: u.costUsd ?? 0,
  };
  await db
    .insert(aiUsage)
    .values({
      accountId: record.accountId,
      day: utcDay(at),
      capability: record.capability,
      model: record.model,
      provider: record.provider,
      ...values,
    })
    .onConflictDoUpdate({
      target: [aiUsage.accountId, aiUsage.day, aiUsage.capability, aiUsage.model],
      set: {
        requests: sql`${aiUsage.requests} + ${values.requests}`,
        inputTokens: sql`${aiUsage.inputTokens} + ${values.inputTokens}`,
        outputTokens: sql`${aiUsage.outputTokens} + ${values.outputTokens}`,
        images: sql`${aiUsage.images} + ${values.images}`,
        costUsd: sql`${aiUsage.costUsd} + ${values.costUsd}`,
      },
    });
}

export type UsageRow = typeof aiUsage.$inferSelect;

/** Usage rows of the last `days` UTC days (today included), newest first. */
export async function listAiUsage(db: Executor, accountId: bigint, days: number): Promise<UsageRow[]> {
  const since = utcDay(new Date(Date.now() - (days - 1) * 86_400_000));
  return db
    .select()
    .from(aiUsage)
    .where(and(eq(aiUsage.accountId, accountId), gte(aiUsage.day, since)))
    .orderBy(desc(aiUsage.day), aiUsage.capability, aiUsage.model);
}
