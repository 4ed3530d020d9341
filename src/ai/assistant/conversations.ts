// Conversations with the assistant, stored per person: each one belongs to one account, and every
// lookup is by (id, owner), so nobody reaches another person's conversation (a 404, never a 403).
import { and, asc, desc, eq, lt, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { aiConversations, aiMessages, type StoredCitation, type StoredToolCall } from "../../db/schema.ts";
import { notFound, unprocessable } from "../../errors.ts";

export type Conversation = typeof aiConversations.$inferSelect;
export type Message = typeof aiMessages.$inferSelect;

export const MAX_TITLE = 200;
const AUTO_TITLE = 60;

export async function createConversation(db: Executor, accountId: bigint, title = ""): Promise<Conversation> {
  const [row] = await db
    .insert(aiConversations)
    .values({ id: newId(), accountId, title: title.trim().slice(0, MAX_TITLE) })
    .returning();
  return row!;
}

/** Newest first; `maxId` pages to older ones. */
export function listConversations(
  db: Executor,
  accountId: bigint,
  page: { limit: number; maxId?: bigint | undefined },
): Promise<Conversation[]> {
  return db
    .select()
    .from(aiConversations)
    .where(
      and(
        eq(aiConversations.accountId, accountId),
        page.maxId !== undefined ? lt(aiConversations.id, page.maxId) : undefined,
      ),
    )
    .orderBy(desc(aiConversations.id))
    .limit(page.limit);
}

export async function getConversation(db: Executor, accountId: bigint, id: bigint): Promise<Conversation> {
  const [row] = await db
    .select()
    .from(aiConversations)
    .where(and(eq(aiConversations.id, id), eq(aiConversations.accountId, accountId)));
  if (!row) throw notFound("Conversation");
  return row;
}

export async function renameConversation(
  db: Executor,
  accountId: bigint,
  id: bigint,
  title: string,
): Promise<Conversation> {
  const trimmed = title.trim();
  if (!trimmed) throw unprocessable("Validation failed: title can't be blank");
  const [row] = await db
    .update(aiConversations)
    .set({ title: trimmed.slice(0, MAX_TITLE), updatedAt: new Date() })
    .where(and(eq(aiConversations.id, id), eq(aiConversations.accountId, accountId)))
    .returning();
  if (!row) throw notFound("Conversation");
  return row;
}

export async function deleteConversation(db: Executor, accountId: bigint, id: bigint): Promise<void> {
  const deleted = await db
    .delete(aiConversations)
    .where(and(eq(aiConversations.id, id), eq(aiConversations.accountId, accountId)))
    .returning({ id: aiConversations.id });
  if (!deleted.length) throw notFound("Conversation");
}

export function listMessages(db: Executor, conversationId: bigint): Promise<Message[]> {
  return db
    .select()
    .from(aiMessages)
    .where(eq(aiMessages.conversationId, conversationId))
    .orderBy(asc(aiMessages.id));
}

export interface NewMessage {
  conversationId: bigint;
  role: "user" | "assistant";
  content: string;
  citations?: StoredCitation[];
  toolCalls?: StoredToolCall[];
  model?: string | null;
  transcript?: unknown[];
  inputTokens?: number;
  outputTokens?: number;
}

const storableText = (text: string) => text.replaceAll("\0", "").toWellFormed();

/**
 * `value` with its strings made storable: Postgres cannot hold NUL (text, jsonb) nor a lone
 * surrogate (jsonb). A model's or an app's output may contain either, and losing a character beats
 * losing the whole reply.
 */
export function storableValue<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (!/\\u(0000|d[89a-f])/i.test(JSON.stringify(value ?? null))) return value;
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? storableText(v) : v)),
  );
}

/** Adds a message and marks the conversation updated (titling it after its first question). */
export async function addMessage(db: Executor, message: NewMessage): Promise<Message> {
  const content = storableValue(message.content);
  const [row] = await db
    .insert(aiMessages)
    .values({
      id: newId(),
      conversationId: message.conversationId,
      role: message.role,
      content,
      citations: message.citations ?? [],
      toolCalls: storableValue(message.toolCalls ?? []),
      model: message.model ?? null,
      transcript: storableValue(message.transcript ?? []),
      inputTokens: Math.round(message.inputTokens ?? 0),
      outputTokens: Math.round(message.outputTokens ?? 0),
    })
    .returning();
  const autoTitle = content.replace(/\s+/g, " ").trim().slice(0, AUTO_TITLE);
  await db
    .update(aiConversations)
    .set({
      updatedAt: new Date(),
      ...(message.role === "user" && autoTitle
        ? {
            title: sql`CASE WHEN ${aiConversations.title} = '' THEN ${autoTitle} ELSE ${aiConversations.title} END`,
          }
        : {}),
    })
    .where(eq(aiConversations.id, message.conversationId));
  return row!;
}

/**
 * The message's tool calls with the one `callId` names replaced by `replacement` (SQL over `c`,
 * the stored call), computed in the UPDATE itself: calls of the same message confirmed or
 * cancelled at the same time never overwrite each other.
 */
const replaceToolCall = (callId: string, replacement: SQL) =>
  sql`(SELECT jsonb_agg(CASE WHEN c->>'id' = ${callId} THEN ${replacement} ELSE c END ORDER BY n)
    FROM jsonb_array_elements(${aiMessages.toolCalls}) WITH ORDINALITY AS t(c, n))`;

/**
 * Moves a pending call to `state` atomically (one UPDATE that only matches while it is still
 * pending), so two confirmations of one call cannot both run it. False when it was not pending.
 */
export async function claimToolCall(
  db: Executor,
  messageId: bigint,
  callId: string,
  state: StoredToolCall["state"],
): Promise<boolean> {
  const claimed = await db
    .update(aiMessages)
    .set({ toolCalls: replaceToolCall(callId, sql`jsonb_set(c, '{state}', to_jsonb(${state}::text))`) })
    .where(
      and(
        eq(aiMessages.id, messageId),
        sql`${aiMessages.toolCalls} @> ${JSON.stringify([{ id: callId, state: "pending" }])}::jsonb`,
      ),
    )
    .returning({ id: aiMessages.id });
  return claimed.length > 0;
}

/** Stores a call's outcome in its message; returns the message as it is now. */
export async function settleToolCall(
  db: Executor,
  messageId: bigint,
  call: StoredToolCall,
): Promise<Message> {
  const [row] = await db
    .update(aiMessages)
    .set({ toolCalls: replaceToolCall(call.id, sql`${JSON.stringify(storableValue(call))}::jsonb`) })
    .where(eq(aiMessages.id, messageId))
    .returning();
  if (!row) throw notFound("Message");
  return row;
}
