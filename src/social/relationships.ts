// Follows and follow requests between accounts, with Mastodon's rules: a locked account is asked
// (a follow request), an unlocked one is followed at once; blocks either way forbid following.
// Counters (followers_count, following_count) and home feeds change in the same transaction as
// the follow rows; notifications are announced only after it commits. Blocks and mutes live in
// blocks.ts, read-only lists and the Relationship lookup in relationship-lists.ts.
import { and, count, eq, or, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { newId } from "../db/ids.ts";
import { blocks, followRequests, follows } from "../db/schema.ts";
import { forbidden, notFound } from "../errors.ts";
import { getAccount } from "./accounts.ts";
import type { SocialContext } from "./context.ts";
import { mergeIntoFeed, unmergeFromFeed } from "./fanout.ts";
import { notify } from "./notify.ts";

export interface FollowOptions {
  /** Show the target's reblogs in the home feed; unchanged when undefined (default true on create). */
  reblogs?: boolean | undefined;
  /** Notify on each new post by the target; unchanged when undefined (default false on create). */
  notify?: boolean | undefined;
}

type Created = { id: bigint; accountId: bigint }[];

export async function countFollowRequests(db: Executor, accountId: bigint): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(followRequests)
    .where(eq(followRequests.targetAccountId, accountId));
  return row?.n ?? 0;
}

export function emitNotifications(ctx: SocialContext, created: Created): void {
  for (const n of created)
    ctx.events.emit("notification.created", { notificationId: n.id, accountId: n.accountId });
}

export async function isBlockedEitherWay(db: Executor, a: bigint, b: bigint): Promise<boolean> {
  const [row] = await db
    .select({ id: blocks.id })
    .from(blocks)
    .where(
      or(
        and(eq(blocks.accountId, a), eq(blocks.targetAccountId, b)),
        and(eq(blocks.accountId, b), eq(blocks.targetAccountId, a)),
      ),
    )
    .limit(1);
  return Boolean(row);
}

async function adjustFollowCounts(tx: Executor, followerId: bigint, targetId: bigint, delta: 1 | -1) {
  await tx.execute(
    sql`UPDATE accounts SET following_count = GREATEST(following_count + ${delta}, 0) WHERE id = ${followerId}`,
  );
  await tx.execute(
    sql`UPDATE accounts SET followers_count = GREATEST(followers_count + ${delta}, 0) WHERE id = ${targetId}`,
  );
}

/** Without reblogs wanted, reblogs by the target leave the follower's feed (merged or earlier). */
async function dropReblogsFromFeed(tx: Executor, followerId: bigint, targetId: bigint) {
  await tx.execute(
    sql`DELETE FROM home_feed WHERE account_id = ${followerId} AND author_id = ${targetId}
        AND reblogged_author_id IS NOT NULL`,
  );
}

/** Backfills the follower's feed with the target's recent posts, honouring show_reblogs. */
export async function mergeFollowed(
  tx: Executor,
  followerId: bigint,
  targetId: bigint,
  showReblogs: boolean,
) {
  await mergeIntoFeed(tx, followerId, targetId);
  if (!showReblogs) await dropReblogsFromFeed(tx, followerId, targetId);
}

/** Creates the follow (if new): counters, and the target's recent posts merged into the feed. */
async function addFollow(
  tx: Executor,
  followerId: bigint,
  targetId: bigint,
  options: { showReblogs: boolean; notify: boolean },
): Promise<boolean> {
  const inserted = await tx
    .insert(follows)
    .values({ id: newId(), accountId: followerId, targetAccountId: targetId, ...options })
    .onConflictDoNothing()
    .returning({ id: follows.id });
  if (!inserted.length) return false;
  await adjustFollowCounts(tx, followerId, targetId, 1);
  await mergeFollowed(tx, followerId, targetId, options.showReblogs);
  return true;
}

/** Removes the follow (if any) with its counters, feed entries and `follow` notification. */
export async function removeFollow(tx: Executor, followerId: bigint, targetId: bigint): Promise<boolean> {
  const removed = await tx
    .delete(follows)
    .where(and(eq(follows.accountId, followerId), eq(follows.targetAccountId, targetId)))
    .returning({ id: follows.id });
  if (!removed.length) return false;
  await adjustFollowCounts(tx, followerId, targetId, -1);
  await unmergeFromFeed(tx, followerId, targetId);
  await deleteNotification(tx, targetId, followerId, "follow");
  return true;
}

/** Withdraws a pending request (if any) and the `follow_request` notification it caused. */
export async function removeFollowRequest(tx: Executor, requesterId: bigint, targetId: bigint) {
  const [request] = await tx
    .delete(followRequests)
    .where(and(eq(followRequests.accountId, requesterId), eq(followRequests.targetAccountId, targetId)))
    .returning();
  if (request) await deleteNotification(tx, targetId, requesterId, "follow_request");
  return request ?? null;
}

async function deleteNotification(tx: Executor, recipientId: bigint, fromId: bigint, type: string) {
  await tx.execute(
    sql`DELETE FROM notifications WHERE account_id = ${recipientId} AND from_account_id = ${fromId}
        AND type = ${type}`,
  );
}

/** Changes the options of an existing follow or request; false when there is none. */
async function updateOptions(
  tx: Executor,
  table: typeof follows,
  followerId: bigint,
  targetId: bigint,
  options: FollowOptions,
): Promise<boolean> {
  const set = { showReblogs: options.reblogs, notify: options.notify };
  const where = and(eq(table.accountId, followerId), eq(table.targetAccountId, targetId));
  if (set.showReblogs === undefined && set.notify === undefined) {
    return (await tx.select({ id: table.id }).from(table).where(where).limit(1)).length > 0;
  }
  const updated = await tx.update(table).set(set).where(where).returning({ id: table.id });
  return updated.length > 0;
}

/**
 * Follows `targetId`, or asks to when the target is locked. Following again only updates the
 * options given. Returns nothing: callers read the Relationship afterwards.
 */
export async function follow(
  ctx: SocialContext,
  followerId: bigint,
  targetId: bigint,
  options: FollowOptions = {},
): Promise<void> {
  if (followerId === targetId) throw forbidden("You cannot follow yourself");
  const target = await getAccount(ctx.db, targetId);
  const created = await ctx.db.transaction(async (tx): Promise<Created> => {
    if (await isBlockedEitherWay(tx, followerId, targetId)) throw forbidden();
    if (await updateOptions(tx, follows, followerId, targetId, options)) {
      if (options.reblogs === false) await dropReblogsFromFeed(tx, followerId, targetId);
      return [];
    }
    const wanted = { showReblogs: options.reblogs ?? true, notify: options.notify ?? false };
    if (target.locked) {
      const requests = followRequests as unknown as typeof follows; // same shape (accountRelation)
      if (await updateOptions(tx, requests, followerId, targetId, options)) return [];
      const inserted = await tx
        .insert(followRequests)
        .values({ id: newId(), accountId: followerId, targetAccountId: targetId, ...wanted })
        .onConflictDoNothing()
        .returning({ id: followRequests.id });
      if (!inserted.length) return [];
      return notify(tx, { recipients: [targetId], fromAccountId: followerId, type: "follow_request" });
    }
    await removeFollowRequest(tx, followerId, targetId);
    if (!(await addFollow(tx, followerId, targetId, wanted))) return [];
    return notify(tx, { recipients: [targetId], fromAccountId: followerId, type: "follow" });
  });
  emitNotifications(ctx, created);
}

/** Stops following `targetId`, or withdraws the pending request. Idempotent. */
export async function unfollow(ctx: SocialContext, followerId: bigint, targetId: bigint): Promise<void> {
  await getAccount(ctx.db, targetId);
  await ctx.db.transaction(async (tx) => {
    await removeFollow(tx, followerId, targetId);
    await removeFollowRequest(tx, followerId, targetId);
  });
}

/** Removes `followerId` from `accountId`'s followers (Mastodon's remove_from_followers). */
export async function removeFromFollowers(
  ctx: SocialContext,
  accountId: bigint,
  followerId: bigint,
): Promise<void> {
  await getAccount(ctx.db, followerId);
  await ctx.db.transaction(async (tx) => {
    await removeFollow(tx, followerId, accountId);
  });
}

/**
 * Accepts the request `requesterId` sent to `accountId`: the follow exists from now on, with the
 * options asked for. Like Mastodon, nobody is notified. A 404 when there is no such request.
 */
export async function authorizeFollowRequest(
  ctx: SocialContext,
  accountId: bigint,
  requesterId: bigint,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const request = await removeFollowRequest(tx, requesterId, accountId);
    if (!request) throw notFound();
    await addFollow(tx, requesterId, accountId, { showReblogs: request.showReblogs, notify: request.notify });
  });
}

export async function rejectFollowRequest(
  ctx: SocialContext,
  accountId: bigint,
  requesterId: bigint,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await removeFollowRequest(tx, requesterId, accountId))) throw notFound();
  });
}

/** Once an account is no longer locked, everyone waiting is let in (as Mastodon does on unlock). */
export async function approveAllFollowRequests(ctx: SocialContext, accountId: bigint): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const pending = await tx
      .select({ requesterId: followRequests.accountId })
      .from(followRequests)
      .where(eq(followRequests.targetAccountId, accountId));
    for (const { requesterId } of pending) {
      const request = await removeFollowRequest(tx, requesterId, accountId);
      if (request) {
        await addFollow(tx, requesterId, accountId, {
          showReblogs: request.showReblogs,
          notify: request.notify,
        });
      }
    }
    return pending.length;
  });
}
