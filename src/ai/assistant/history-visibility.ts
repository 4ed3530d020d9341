// An earlier answer goes back to the model only while the asker may still see every post it used.
// After an unfollow, a block or a deletion, that turn reaches the model as a short note instead, so
// text the person may no longer read never feeds a new answer. (What they were shown at the time
// stays in their own conversation view, like anything else they read then.)
import { and, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { statuses } from "../../db/schema.ts";
import { entryVisibleTo } from "../../social/visibility.ts";
import type { Message } from "./conversations.ts";

const HIDDEN =
  "[An earlier answer is left out here: it used posts this person can no longer see. Do not repeat or guess their content.]";

/** Ids of the posts an assistant turn carried: its citations and every post in its tool results. */
function postIdsOf(message: Message): string[] {
  const ids = new Set(message.citations.map((c) => c.status_id));
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      // The post shape tools hand the model: {id, url, text, …}.
      if (typeof record.id === "string" && /^\d{1,19}$/.test(record.id) && typeof record.text === "string")
        ids.add(record.id);
      for (const inner of Object.values(record)) walk(inner);
    } else if (typeof value === "string" && value.startsWith("{")) {
      // Tool outputs may be stored as JSON text.
      try {
        walk(JSON.parse(value));
      } catch {
        // not JSON: nothing to find
      }
    }
  };
  walk(message.transcript);
  walk(message.toolCalls.map((call) => call.result));
  return [...ids];
}

export async function withoutUnseenPosts(
  db: Executor,
  viewerId: bigint,
  messages: Message[],
): Promise<Message[]> {
  const used = new Map(messages.filter((m) => m.role === "assistant").map((m) => [m, postIdsOf(m)]));
  const all = [...new Set([...used.values()].flat())].map(BigInt);
  if (!all.length) return messages;
  const rows = await db
    .select({ id: statuses.id })
    .from(statuses)
    .where(and(inArray(statuses.id, all), entryVisibleTo(viewerId)));
  const visible = new Set(rows.map((r) => String(r.id)));
  return messages.map((message) =>
    used.get(message)?.some((id) => !visible.has(id))
      ? { ...message, content: HIDDEN, transcript: [], citations: [], toolCalls: [] }
      : message,
  );
}
