// Reading and dismissing notifications (they are created by notify.ts). A notification is hidden
// when its sender is suspended or blocked by the recipient, or when the recipient can no longer
// see its status — checked at read time, so nothing leaks through a stale notification.
import { and, desc, eq, inArray, notInArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client.ts";
import { accounts, markers, notifications, reports, statuses } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import type { Account } from "./accounts.ts";
import { newestFirst, type Paged, type PageRequest, pageConditions, pageOrder } from "./pagination.ts";
import type { Status } from "./statuses/read.ts";
import { entryVisibleTo } from "./visibility.ts";

export type Notification = typeof notifications.$inferSelect;

export interface NotificationEntry extends Paged {
  notification: Notification;
  account: Account;
  status: Status | null;
  /** For admin.report: the report and the account it is about. */
  report: { report: typeof reports.$inferSelect; target: Account } | null;
}

export interface NotificationFilter {
  /** Only these types; unknown names match nothing, as in Mastodon. */
  types?: string[] | undefined;
  /** Never these types; unknown names are ignored (clients send types we don't have). */
  excludeTypes?: string[] | undefined;
  /** Only notifications from this account. */
  fromAccountId?: bigint | undefined;
}

const sender = alias(accounts, "sender");
const reported = alias(accounts, "reported");

function shown(recipientId: bigint, filter: NotificationFilter = {}): SQL | undefined {
  return and(
    eq(notifications.accountId, recipientId),
    sql`${sender.suspendedAt} IS NULL`,
    sql`NOT EXISTS (SELECT 1 FROM blocks nb WHERE nb.account_id = ${recipientId} AND nb.target_account_id = ${notifications.fromAccountId})`,
    sql`(${notifications.statusId} IS NULL OR ${entryVisibleTo(recipientId)})`,
    // An empty types[] means no filter, as in Mastodon.
    filter.types?.length ? inArray(notifications.type, filter.types as Notification["type"][]) : undefined,
    filter.excludeTypes?.length
      ? notInArray(notifications.type, filter.excludeTypes as Notification["type"][])
      : undefined,
    filter.fromAccountId !== undefined ? eq(notifications.fromAccountId, filter.fromAccountId) : undefined,
  );
}

/** Notifications with their sender and status, filtered by `where`, paginated; reports attached. */
async function selectEntries(
  db: Executor,
  where: SQL | undefined,
  page: PageRequest,
): Promise<NotificationEntry[]> {
  const rows = await db
    .select({ cursor: notifications.id, notification: notifications, account: sender, status: statuses })
    .from(notifications)
    .innerJoin(sender, eq(sender.id, notifications.fromAccountId))
    .leftJoin(statuses, eq(statuses.id, notifications.statusId))
    .where(where)
    .orderBy(pageOrder(notifications.id, page))
    .limit(page.limit);
  const reportIds = rows.flatMap((r) => (r.notification.reportId ? [r.notification.reportId] : []));
  const found = reportIds.length
    ? await db
        .select({ report: reports, target: reported })
        .from(reports)
        .innerJoin(reported, eq(reported.id, reports.targetAccountId))
        .where(inArray(reports.id, reportIds))
    : [];
  const byId = new Map(found.map((r) => [r.report.id, r]));
  const entries = rows.map((row) => ({
    ...row,
    report: row.notification.reportId ? (byId.get(row.notification.reportId) ?? null) : null,
  }));
  return newestFirst(entries, page);
}

export async function listNotifications(
  db: Executor,
  recipientId: bigint,
  filter: NotificationFilter,
  page: PageRequest,
): Promise<NotificationEntry[]> {
  return selectEntries(db, and(shown(recipientId, filter), pageConditions(notifications.id, page)), page);
}

export async function getNotification(
  db: Executor,
  recipientId: bigint,
  id: bigint,
): Promise<NotificationEntry> {
  const [entry] = await selectEntries(db, and(eq(notifications.id, id), shown(recipientId)), { limit: 1 });
  if (!entry) throw notFound();
  return entry;
}

export async function dismissNotification(db: Executor, recipientId: bigint, id: bigint): Promise<void> {
  const removed = await db
    .delete(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.accountId, recipientId)))
    .returning({ id: notifications.id });
  if (!removed.length) throw notFound();
}

export async function clearNotifications(db: Executor, recipientId: bigint): Promise<void> {
  await db.delete(notifications).where(eq(notifications.accountId, recipientId));
}

/** Notifications newer than the `notifications` read marker, counted up to `limit`. */
export async function countUnread(
  db: Executor,
  recipientId: bigint,
  filter: NotificationFilter,
  limit: number,
): Promise<number> {
  const [marker] = await db
    .select({ lastReadId: markers.lastReadId })
    .from(markers)
    .where(and(eq(markers.accountId, recipientId), eq(markers.timeline, "notifications")));
  const unread = db
    .select({ id: notifications.id })
    .from(notifications)
    .innerJoin(sender, eq(sender.id, notifications.fromAccountId))
    .leftJoin(statuses, eq(statuses.id, notifications.statusId))
    .where(and(shown(recipientId, filter), sql`${notifications.id} > ${marker?.lastReadId ?? 0n}`))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .as("unread");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(unread);
  return row?.n ?? 0;
}
