// Who may see a status — the one home of these rules, as SQL so every list (timelines, context,
// search, notifications) filters in the database. Mastodon's rules:
// - public and unlisted: everyone, except people the author blocks;
// - private (followers only): the author, accepted followers and mentioned accounts;
// - direct: the author and mentioned accounts;
// - nothing from suspended authors; a reblog is visible only if the reblogged status is too.
import { type SQL, sql } from "drizzle-orm";

/** Condition on the statuses row aliased `alias` (a raw SQL identifier) for `viewerId` (null: logged out). */
export function statusVisibleTo(viewerId: bigint | null, alias = "statuses"): SQL {
  const s = sql.raw(alias);
  const authorActive = sql`NOT EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = ${s}.account_id AND sa.suspended_at IS NOT NULL)`;
  if (viewerId === null) return sql`(${s}.visibility IN ('public', 'unlisted') AND ${authorActive})`;
  return sql`(
    (
      ${s}.account_id = ${viewerId}
      OR (${s}.visibility IN ('public', 'unlisted')
          AND NOT EXISTS (SELECT 1 FROM blocks vb WHERE vb.account_id = ${s}.account_id AND vb.target_account_id = ${viewerId}))
      OR (${s}.visibility = 'private'
          AND EXISTS (SELECT 1 FROM follows vf WHERE vf.account_id = ${viewerId} AND vf.target_account_id = ${s}.account_id))
      OR (${s}.visibility IN ('private', 'direct') AND EXISTS (SELECT 1 FROM mentions vm WHERE vm.status_id = ${s}.id AND vm.account_id = ${viewerId}))
    )
    AND ${authorActive}
  )`;
}

/** Visibility of a status row, including (for a reblog) the status it reblogs. */
export function entryVisibleTo(viewerId: bigint | null, alias = "statuses"): SQL {
  const s = sql.raw(alias);
  return sql`(${statusVisibleTo(viewerId, alias)} AND (${s}.reblog_of_id IS NULL OR EXISTS (
    SELECT 1 FROM statuses rs WHERE rs.id = ${s}.reblog_of_id AND ${statusVisibleTo(viewerId, "rs")}
  )))`;
}

/**
 * Hides what the viewer chose not to see in lists (timelines, context, search): authors they block
 * or mute, and reblogs of them. A status fetched by id is still shown.
 */
export function notFilteredFor(viewerId: bigint | null, alias = "statuses"): SQL {
  if (viewerId === null) return sql`TRUE`;
  const s = sql.raw(alias);
  const hidden = (column: SQL) => sql`(
    EXISTS (SELECT 1 FROM blocks fb WHERE fb.account_id = ${viewerId} AND fb.target_account_id = ${column})
    OR EXISTS (SELECT 1 FROM mutes fm WHERE fm.account_id = ${viewerId} AND fm.target_account_id = ${column})
  )`;
  return sql`(NOT ${hidden(sql`${s}.account_id`)} AND (${s}.reblog_of_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM statuses fr WHERE fr.id = ${s}.reblog_of_id AND ${hidden(sql`fr.account_id`)}
  )))`;
}
