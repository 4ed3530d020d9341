// An account's statuses as a viewer sees them on its profile (GET /api/v1/accounts/:id/statuses):
// newest first, or its pinned posts in pin order. Visibility is entryVisibleTo's (a stranger never
// sees followers-only posts, nobody sees someone else's direct posts unless mentioned). As in
// Mastodon, an account that blocks the viewer shows them nothing, and reblogs of accounts the
// viewer blocks or mutes are left out; the account's own posts are shown even if muted.
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { blocks, pins, statuses } from "../db/schema.ts";
import { getAccount } from "./accounts.ts";
import { newestFirst, type Paged, type PageRequest, pageConditions, pageOrder } from "./pagination.ts";
import type { Status } from "./statuses/read.ts";
import { entryVisibleTo, notFilteredFor } from "./visibility.ts";

export interface AccountStatusEntry extends Paged {
  status: Status;
}

export interface AccountStatusesFilter {
  /** Leave out replies to others (an author's replies to themselves, threads, stay). */
  excludeReplies?: boolean | undefined;
  excludeReblogs?: boolean | undefined;
  excludeDirect?: boolean | undefined;
  onlyMedia?: boolean | undefined;
  /** Only the pinned posts, paginated by the pin. */
  pinned?: boolean | undefined;
  /** Only posts with this hashtag. */
  tagged?: string | undefined;
}

function filters(viewerId: bigint | null, filter: AccountStatusesFilter): (SQL | undefined)[] {
  const tag = filter.tagged?.replace(/^#/, "").trim().toLowerCase();
  return [
    entryVisibleTo(viewerId),
    sql`(statuses.reblog_of_id IS NULL OR EXISTS (SELECT 1 FROM statuses ro
          WHERE ro.id = statuses.reblog_of_id AND ${notFilteredFor(viewerId, "ro")}))`,
    filter.excludeReplies
      ? sql`(statuses.in_reply_to_id IS NULL OR statuses.in_reply_to_account_id = statuses.account_id)`
      : undefined,
    filter.excludeReblogs ? isNull(statuses.reblogOfId) : undefined,
    filter.excludeDirect ? sql`statuses.visibility <> 'direct'` : undefined,
    filter.onlyMedia
      ? sql`EXISTS (SELECT 1 FROM media_attachments ma WHERE ma.status_id = statuses.id)`
      : undefined,
    tag
      ? sql`EXISTS (SELECT 1 FROM status_tags st JOIN tags t ON t.id = st.tag_id
              WHERE st.status_id = statuses.id AND lower(t.name) = ${tag})`
      : undefined,
  ];
}

async function blocksViewer(db: Executor, accountId: bigint, viewerId: bigint | null): Promise<boolean> {
  if (viewerId === null || viewerId === accountId) return false;
  const [row] = await db
    .select({ id: blocks.id })
    .from(blocks)
    .where(and(eq(blocks.accountId, accountId), eq(blocks.targetAccountId, viewerId)))
    .limit(1);
  return Boolean(row);
}

export async function listAccountStatuses(
  db: Executor,
  accountId: bigint,
  viewerId: bigint | null,
  filter: AccountStatusesFilter,
  page: PageRequest,
): Promise<AccountStatusEntry[]> {
  await getAccount(db, accountId);
  if (await blocksViewer(db, accountId, viewerId)) return [];
  const where = filters(viewerId, filter);
  if (filter.pinned) {
    const rows = await db
      .select({ cursor: pins.id, status: statuses })
      .from(pins)
      .innerJoin(statuses, eq(statuses.id, pins.statusId))
      .where(
        and(
          eq(pins.accountId, accountId),
          eq(statuses.accountId, accountId),
          ...where,
          pageConditions(pins.id, page),
        ),
      )
      .orderBy(pageOrder(pins.id, page))
      .limit(page.limit);
    return newestFirst(rows, page);
  }
  const rows = await db
    .select()
    .from(statuses)
    .where(and(eq(statuses.accountId, accountId), ...where, pageConditions(statuses.id, page)))
    .orderBy(pageOrder(statuses.id, page))
    .limit(page.limit);
  return newestFirst(
    rows.map((status) => ({ cursor: status.id, status })),
    page,
  );
}
