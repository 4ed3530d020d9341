// Reading relationships: the viewer's Relationship to a set of accounts, and the paginated account
// lists (followers, following, blocks, mutes, follow requests), newest relation first, paginated by
// the relation row's id like Mastodon. Suspended accounts never appear in a list.
import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client.ts";
import { accounts, blocks, followRequests, follows, mutes } from "../db/schema.ts";
import { getAccount } from "./accounts.ts";
import { newestFirst, type PageRequest, pageConditions, pageOrder } from "./pagination.ts";
import type { AccountEntry } from "./statuses/audience.ts";

export type { AccountEntry };

export interface Relationship {
  id: bigint;
  following: boolean;
  showingReblogs: boolean;
  notifying: boolean;
  followedBy: boolean;
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
  mutingNotifications: boolean;
  requested: boolean;
  requestedBy: boolean;
}

const exists = (table: string, from: SQL, to: SQL) =>
  sql<boolean>`EXISTS (SELECT 1 FROM ${sql.raw(table)} x WHERE x.account_id = ${from} AND x.target_account_id = ${to})`;

/**
 * The viewer's relationship to each of `ids`, in the order asked, each account once; unknown
 * accounts (and suspended ones unless `withSuspended`) are left out, as Mastodon does.
 */
export async function getRelationships(
  db: Executor,
  viewerId: bigint,
  ids: bigint[],
  options: { withSuspended?: boolean } = {},
): Promise<Relationship[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  const request = alias(followRequests, "request");
  const viewer = sql`${viewerId}::bigint`;
  const rows = await db
    .select({
      id: accounts.id,
      following: sql<boolean>`${follows.id} IS NOT NULL`,
      // A pending request carries the options too, so a client shows them while it waits.
      showingReblogs: sql<boolean>`COALESCE(${follows.showReblogs}, ${request.showReblogs}, FALSE)`,
      notifying: sql<boolean>`COALESCE(${follows.notify}, ${request.notify}, FALSE)`,
      followedBy: exists("follows", sql`${accounts.id}`, viewer),
      blocking: exists("blocks", viewer, sql`${accounts.id}`),
      blockedBy: exists("blocks", sql`${accounts.id}`, viewer),
      muting: sql<boolean>`${mutes.id} IS NOT NULL`,
      mutingNotifications: sql<boolean>`COALESCE(${mutes.hideNotifications}, FALSE)`,
      requested: sql<boolean>`${request.id} IS NOT NULL`,
      requestedBy: exists("follow_requests", sql`${accounts.id}`, viewer),
    })
    .from(accounts)
    .leftJoin(follows, and(eq(follows.accountId, viewerId), eq(follows.targetAccountId, accounts.id)))
    .leftJoin(request, and(eq(request.accountId, viewerId), eq(request.targetAccountId, accounts.id)))
    .leftJoin(mutes, and(eq(mutes.accountId, viewerId), eq(mutes.targetAccountId, accounts.id)))
    .where(
      and(inArray(accounts.id, wanted), options.withSuspended ? undefined : isNull(accounts.suspendedAt)),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return wanted.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

export async function getRelationship(db: Executor, viewerId: bigint, id: bigint): Promise<Relationship> {
  const [relationship] = await getRelationships(db, viewerId, [id], { withSuspended: true });
  if (!relationship) throw new Error(`account ${id} vanished`);
  return relationship;
}

// The five relation tables share one shape (accountRelation in the schema); follows stands for all.
type RelationTable = typeof follows;

/** Accounts related through `table` to the owner, who sits in `owner.column`; the other side is listed. */
async function relatedAccounts(
  db: Executor,
  table: RelationTable,
  owner: { column: "accountId" | "targetAccountId"; id: bigint },
  page: PageRequest,
): Promise<AccountEntry[]> {
  const listed = owner.column === "accountId" ? table.targetAccountId : table.accountId;
  const rows = await db
    .select({ cursor: table.id, account: accounts })
    .from(table)
    .innerJoin(accounts, eq(accounts.id, listed))
    .where(
      and(eq(table[owner.column], owner.id), isNull(accounts.suspendedAt), pageConditions(table.id, page)),
    )
    .orderBy(pageOrder(table.id, page))
    .limit(page.limit);
  return newestFirst(rows, page);
}

/** Whether `accountId`'s lists are hidden from the viewer: a blocked viewer sees none of them. */
async function hiddenFrom(db: Executor, accountId: bigint, viewerId: bigint | null): Promise<boolean> {
  if (viewerId === null || viewerId === accountId) return false;
  const [row] = await db
    .select({ id: blocks.id })
    .from(blocks)
    .where(and(eq(blocks.accountId, accountId), eq(blocks.targetAccountId, viewerId)))
    .limit(1);
  return Boolean(row);
}

export async function listFollowers(
  db: Executor,
  accountId: bigint,
  viewerId: bigint | null,
  page: PageRequest,
): Promise<AccountEntry[]> {
  await getAccount(db, accountId);
  if (await hiddenFrom(db, accountId, viewerId)) return [];
  return relatedAccounts(db, follows, { column: "targetAccountId", id: accountId }, page);
}

export async function listFollowing(
  db: Executor,
  accountId: bigint,
  viewerId: bigint | null,
  page: PageRequest,
): Promise<AccountEntry[]> {
  await getAccount(db, accountId);
  if (await hiddenFrom(db, accountId, viewerId)) return [];
  return relatedAccounts(db, follows, { column: "accountId", id: accountId }, page);
}

export function listBlocks(db: Executor, viewerId: bigint, page: PageRequest) {
  return relatedAccounts(db, blocks as unknown as RelationTable, { column: "accountId", id: viewerId }, page);
}

export function listMutes(db: Executor, viewerId: bigint, page: PageRequest) {
  return relatedAccounts(db, mutes as unknown as RelationTable, { column: "accountId", id: viewerId }, page);
}

/** Accounts waiting for the viewer to accept them. */
export function listFollowRequests(db: Executor, viewerId: bigint, page: PageRequest) {
  return relatedAccounts(
    db,
    followRequests as unknown as RelationTable,
    { column: "targetAccountId", id: viewerId },
    page,
  );
}
