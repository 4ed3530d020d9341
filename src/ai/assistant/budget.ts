// Per-person limits on the assistant: messages per rolling hour and language-model tokens per UTC
// day (AI_ASSISTANT_MESSAGES_PER_HOUR, AI_ASSISTANT_TOKENS_PER_DAY; 0 turns a limit off). Counted
// from the stored messages, so they hold across processes and restarts.
import { and, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { aiConversations, aiMessages } from "../../db/schema.ts";
import { DomainError } from "../../errors.ts";
import { startOfUtcDay } from "../images/quota.ts";

export interface AssistantLimits {
  messagesPerHour: number;
  tokensPerDay: number;
}

export class AssistantLimitError extends DomainError {
  override name = "AssistantLimitError";
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(429, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Throws AssistantLimitError when the person may not send another message now. */
export async function checkAssistantLimits(
  db: Executor,
  accountId: bigint,
  limits: AssistantLimits,
  now = new Date(),
): Promise<void> {
  if (!limits.messagesPerHour && !limits.tokensPerDay) return;
  const hourAgo = new Date(now.getTime() - 3600_000);
  const dayStart = startOfUtcDay(now);
  const [row] = await db
    .select({
      messages: sql<
        string | number
      >`count(*) FILTER (WHERE ${aiMessages.role} = 'user' AND ${aiMessages.createdAt} > ${hourAgo})`,
      oldest: sql<
        Date | string | null
      >`min(${aiMessages.createdAt}) FILTER (WHERE ${aiMessages.role} = 'user' AND ${aiMessages.createdAt} > ${hourAgo})`,
      tokens: sql<
        string | number
      >`coalesce(sum(${aiMessages.inputTokens} + ${aiMessages.outputTokens}) FILTER (WHERE ${aiMessages.createdAt} >= ${dayStart}), 0)`,
    })
    .from(aiMessages)
    .innerJoin(aiConversations, eq(aiConversations.id, aiMessages.conversationId))
    .where(
      and(
        eq(aiConversations.accountId, accountId),
        gt(aiMessages.createdAt, new Date(Math.min(hourAgo.getTime(), dayStart.getTime()))),
      ),
    );
  const messages = Number(row?.messages ?? 0);
  if (limits.messagesPerHour && messages >= limits.messagesPerHour) {
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : now.getTime();
    const wait = Math.max(1, Math.ceil((oldest + 3600_000 - now.getTime()) / 1000));
    throw new AssistantLimitError(
      `You have sent ${messages} messages to the assistant in the last hour, the most this server allows; try again in ${Math.ceil(wait / 60)} min`,
      wait,
    );
  }
  const tokens = Number(row?.tokens ?? 0);
  if (limits.tokensPerDay && tokens >= limits.tokensPerDay) {
    const wait = Math.max(1, Math.ceil((dayStart.getTime() + 86_400_000 - now.getTime()) / 1000));
    throw new AssistantLimitError(
      `The assistant has used your ${limits.tokensPerDay} tokens for today; it will answer again after midnight UTC`,
      wait,
    );
  }
}
