// Fan-out on write: a new status is inserted into the home feed of everyone who should see it
// there, in the same transaction that creates it. One INSERT … SELECT per status, however many
// followers; the recipients come back for the real-time stream.
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { queryRows } from "../db/client.ts";
import type { Visibility } from "../db/social-schema.ts";

export interface FanoutStatus {
  id: bigint;
  accountId: bigint;
  visibility: Visibility;
  /** For replies to another account: only followers who also follow them get it (Mastodon's rule). */
  inReplyToAccountId: bigint | null;
  /** For reblogs: the reblogged status and its author. */
  reblogOfId: bigint | null;
  reblogOfAccountId: bigint | null;
  mentionedAccountIds: bigint[];
}

export async function fanOut(db: Executor, status: FanoutStatus): Promise<bigint[]> {
  const { id, accountId } = status;
  const replyToOther = status.inReplyToAccountId !== null && status.inReplyToAccountId !== accountId;
  const mentioned = status.mentionedAccountIds.length
    ? sql`f.account_id IN (${sql.join(
        status.mentionedAccountIds.map((m) => sql`${m}`),
        sql`, `,
      )})`
    : sql`FALSE`;
  const audience =
    status.visibility === "direct"
      ? mentioned
      : replyToOther
        ? sql`(EXISTS (SELECT 1 FROM follows ff WHERE ff.account_id = f.account_id AND ff.target_account_id = ${status.inReplyToAccountId}) OR ${mentioned})`
        : sql`TRUE`;
  const reblogRules = status.reblogOfId
    ? sql`AND f.show_reblogs
          AND f.account_id <> ${status.reblogOfAccountId}
          AND NOT EXISTS (SELECT 1 FROM home_feed hf WHERE hf.account_id = f.account_id AND hf.status_id = ${status.reblogOfId})
          AND NOT EXISTS (SELECT 1 FROM home_feed hf JOIN statuses rs ON rs.id = hf.status_id
                          WHERE hf.account_id = f.account_id AND rs.reblog_of_id = ${status.reblogOfId})
          AND NOT EXISTS (SELECT 1 FROM blocks rb WHERE rb.account_id = f.account_id AND rb.target_account_id = ${status.reblogOfAccountId})
          AND NOT EXISTS (SELECT 1 FROM mutes rm WHERE rm.account_id = f.account_id AND rm.target_account_id = ${status.reblogOfAccountId})`
    : sql``;
  const rows = await queryRows<{ account_id: string }>(
    db,
    sql`INSERT INTO home_feed (account_id, status_id, author_id, reblogged_author_id)
        SELECT ${accountId}::bigint, ${id}::bigint, ${accountId}::bigint, ${status.reblogOfAccountId}::bigint
        UNION ALL
        SELECT f.account_id, ${id}, ${accountId}, ${status.reblogOfAccountId}
        FROM follows f
        WHERE f.target_account_id = ${accountId}
          AND ${audience}
          AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = f.account_id AND m.target_account_id = ${accountId})
          ${reblogRules}
        ON CONFLICT DO NOTHING
        RETURNING account_id`,
  );
  return rows.map((row) => BigInt(row.account_id));
}

/** Everyone whose home feed holds `statusId` (or a reblog of it), for delete and update events. */
export async function feedHolders(db: Executor, statusId: bigint): Promise<bigint[]> {
  const rows = await queryRows<{ account_id: string }>(
    db,
    sql`SELECT DISTINCT account_id FROM home_feed
        WHERE status_id = ${statusId}
           OR status_id IN (SELECT id FROM statuses WHERE reblog_of_id = ${statusId})`,
  );
  return rows.map((row) => BigInt(row.account_id));
}

/** Removes an author's entries (and reblogs of them) from one account's feed: unfollow, block, mute. */
export async function unmergeFromFeed(db: Executor, accountId: bigint, authorId: bigint): Promise<void> {
  await db.execute(
    sql`DELETE FROM home_feed WHERE account_id = ${accountId}
        AND (author_id = ${authorId} OR reblogged_author_id = ${authorId})`,
  );
}

/** Backfills an account's feed with recent statuses of someone they just followed. */
export async function mergeIntoFeed(
  db: Executor,
  accountId: bigint,
  authorId: bigint,
  limit = 40,
): Promise<void> {
  await db.execute(
    sql`INSERT INTO home_feed (account_id, status_id, author_id, reblogged_author_id)
        SELECT ${accountId}, s.id, s.account_id, r.account_id
        FROM statuses s LEFT JOIN statuses r ON r.id = s.reblog_of_id
        WHERE s.account_id = ${authorId} AND s.visibility IN ('public', 'unlisted', 'private')
          AND (s.in_reply_to_account_id IS NULL OR s.in_reply_to_account_id = ${authorId})
        ORDER BY s.id DESC LIMIT ${limit}
        ON CONFLICT DO NOTHING`,
  );
}

/** Mastodon keeps this many entries in a home feed; older ones fall off (the timeline ends there). */
export const HOME_FEED_MAX_ENTRIES = 800;

/**
 * Drops the entries past the newest `keep` of every feed that has grown beyond it; returns how many
 * went. Only feeds over the limit are touched, each with an index range delete on its primary key.
 */
export async function trimHomeFeeds(db: Executor, keep = HOME_FEED_MAX_ENTRIES): Promise<number> {
  const rows = await queryRows<{ removed: string | number }>(
    db,
    sql`WITH long_feeds AS (
          SELECT account_id FROM home_feed GROUP BY account_id HAVING count(*) > ${keep}
        ), cutoffs AS (
          SELECT l.account_id, (
            SELECT h.status_id FROM home_feed h WHERE h.account_id = l.account_id
            ORDER BY h.status_id DESC OFFSET ${keep - 1} LIMIT 1
          ) AS oldest_kept
          FROM long_feeds l
        ), removed AS (
          DELETE FROM home_feed h USING cutoffs c
          WHERE h.account_id = c.account_id AND h.status_id < c.oldest_kept
          RETURNING 1
        )
        SELECT count(*) AS removed FROM removed`,
  );
  return Number(rows[0]?.removed ?? 0);
}
