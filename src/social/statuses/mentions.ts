// Resolving the @mentions and #hashtags in a status's text to accounts and tag rows.
import { and, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { queryRows } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { accounts } from "../../db/social-schema.ts";
import { extractHashtags, extractMentions } from "../content.ts";

export interface ResolvedMentions {
  /** lower-cased username → canonical username, for rendering. */
  mentionable: Map<string, string>;
  accountIds: bigint[];
}

export async function resolveMentions(db: Executor, text: string): Promise<ResolvedMentions> {
  const names = extractMentions(text);
  if (!names.length) return { mentionable: new Map(), accountIds: [] };
  const rows = await db
    .select({ id: accounts.id, username: accounts.username })
    .from(accounts)
    .where(and(inArray(sql`lower(${accounts.username})`, names), isNull(accounts.suspendedAt)));
  return {
    mentionable: new Map(rows.map((row) => [row.username.toLowerCase(), row.username])),
    accountIds: rows.map((row) => row.id),
  };
}

/** Finds or creates the tags named in `text`; returns their ids. */
/** The hashtags a status's text gets (at most 30, as Mastodon). */
export function statusHashtags(text: string): string[] {
  return extractHashtags(text).slice(0, 30);
}

export async function upsertTags(db: Executor, text: string): Promise<bigint[]> {
  const names = statusHashtags(text);
  if (!names.length) return [];
  const values = names.map((name) => sql`(${newId()}::bigint, ${name})`);
  await db.execute(
    sql`INSERT INTO tags (id, name) VALUES ${sql.join(values, sql`, `)} ON CONFLICT (lower(name)) DO NOTHING`,
  );
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM tags WHERE lower(name) IN (${sql.join(
      names.map((n) => sql`${n.toLowerCase()}`),
      sql`, `,
    )})`,
  );
  return rows.map((row) => BigInt(row.id));
}
