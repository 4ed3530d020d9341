// Favourites, reblogs, bookmarks and pins. Each is idempotent like Mastodon's: favouriting twice
// counts once, and undoing something never done is a no-op that still returns the status.
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { accounts, bookmarks, favourites, pins, statuses, type Visibility } from "../../db/schema.ts";
import { DomainError, unprocessable } from "../../errors.ts";
import type { SocialContext } from "../context.ts";
import { fanOut, feedHolders } from "../fanout.ts";
import { notify } from "../notify.ts";
import { getVisibleStatus, type Status } from "./read.ts";

const MAX_PINS = 5;

function emitNotifications(ctx: SocialContext, created: { id: bigint; accountId: bigint }[]) {
  for (const n of created)
    ctx.events.emit("notification.created", { notificationId: n.id, accountId: n.accountId });
}

/** The status a reblog entry points at: interacting with a reblog acts on the original. */
async function target(ctx: SocialContext, statusId: bigint, viewerId: bigint): Promise<Status> {
  const status = await getVisibleStatus(ctx.db, statusId, viewerId);
  return status.reblogOfId ? getVisibleStatus(ctx.db, status.reblogOfId, viewerId) : status;
}

export async function favourite(ctx: SocialContext, statusId: bigint, viewerId: bigint): Promise<Status> {
  const status = await target(ctx, statusId, viewerId);
  const created = await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(favourites)
      .values({ id: newId(), accountId: viewerId, statusId: status.id })
      .onConflictDoNothing()
      .returning({ id: favourites.id });
    if (!inserted.length) return [];
    await bumpCounter(tx, status.id, "favourites_count", 1);
    return notify(tx, {
      recipients: [status.accountId],
      fromAccountId: viewerId,
      type: "favourite",
      statusId: status.id,
    });
  });
  emitNotifications(ctx, created);
  return getVisibleStatus(ctx.db, status.id, viewerId); // with the new count
}

export async function unfavourite(ctx: SocialContext, statusId: bigint, viewerId: bigint): Promise<Status> {
  const status = await target(ctx, statusId, viewerId);
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(favourites)
      .where(and(eq(favourites.accountId, viewerId), eq(favourites.statusId, status.id)))
      .returning({ id: favourites.id });
    if (removed.length) await bumpCounter(tx, status.id, "favourites_count", -1);
  });
  return getVisibleStatus(ctx.db, status.id, viewerId);
}

async function bumpCounter(tx: Executor, statusId: bigint, column: string, delta: number) {
  const col = sql.raw(column);
  await tx.execute(sql`UPDATE statuses SET ${col} = GREATEST(${col} + ${delta}, 0) WHERE id = ${statusId}`);
}

/** Reblogs are statuses of their own; reblogging twice returns the first reblog. */
export async function reblog(
  ctx: SocialContext,
  statusId: bigint,
  viewerId: bigint,
  visibility: Visibility = "public",
): Promise<Status> {
  const original = await target(ctx, statusId, viewerId);
  const ownPrivate = original.visibility === "private" && original.accountId === viewerId;
  if (original.visibility === "direct" || (original.visibility === "private" && !ownPrivate)) {
    throw new DomainError(403, "This action is not allowed");
  }
  const [existing] = await ctx.db
    .select()
    .from(statuses)
    .where(and(eq(statuses.reblogOfId, original.id), eq(statuses.accountId, viewerId)))
    .limit(1);
  if (existing) return existing;
  const reblogVisibility: Visibility = ownPrivate
    ? "private"
    : visibility === "direct"
      ? "public"
      : visibility;
  const id = newId();
  const { home, notified } = await ctx.db.transaction(async (tx) => {
    await tx.insert(statuses).values({
      id,
      accountId: viewerId,
      visibility: reblogVisibility,
      reblogOfId: original.id,
      aiGenerated: original.aiGenerated,
    });
    await bumpCounter(tx, original.id, "reblogs_count", 1);
    await tx
      .update(accounts)
      .set({ statusesCount: sql`${accounts.statusesCount} + 1`, lastStatusAt: sql`now()` })
      .where(eq(accounts.id, viewerId));
    const home = await fanOut(tx, {
      id,
      accountId: viewerId,
      visibility: reblogVisibility,
      inReplyToAccountId: null,
      reblogOfId: original.id,
      reblogOfAccountId: original.accountId,
      mentionedAccountIds: [],
    });
    const notified = await notify(tx, {
      recipients: [original.accountId],
      fromAccountId: viewerId,
      type: "reblog",
      statusId: original.id,
    });
    return { home, notified };
  });
  ctx.events.emit("status.created", {
    statusId: id,
    accountId: viewerId,
    homeRecipients: home,
    publicStreams: null, // reblogs never go to public streams
  });
  emitNotifications(ctx, notified);
  return (await getVisibleStatus(ctx.db, id, viewerId))!;
}

/** Undoes a reblog; returns the original status. */
export async function unreblog(ctx: SocialContext, statusId: bigint, viewerId: bigint): Promise<Status> {
  const original = await target(ctx, statusId, viewerId);
  const [existing] = await ctx.db
    .select({ id: statuses.id })
    .from(statuses)
    .where(and(eq(statuses.reblogOfId, original.id), eq(statuses.accountId, viewerId)))
    .limit(1);
  if (!existing) return original;
  const holders = await feedHolders(ctx.db, existing.id);
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM home_feed WHERE status_id = ${existing.id}`);
    await tx.delete(statuses).where(eq(statuses.id, existing.id));
    await bumpCounter(tx, original.id, "reblogs_count", -1);
    await tx
      .update(accounts)
      .set({ statusesCount: sql`GREATEST(${accounts.statusesCount} - 1, 0)` })
      .where(eq(accounts.id, viewerId));
    await tx.execute(
      sql`DELETE FROM notifications WHERE type = 'reblog' AND from_account_id = ${viewerId} AND status_id = ${original.id}`,
    );
  });
  ctx.events.emit("status.deleted", { statusId: existing.id, accountId: viewerId, homeRecipients: holders });
  return getVisibleStatus(ctx.db, original.id, viewerId);
}

export async function bookmark(
  ctx: SocialContext,
  statusId: bigint,
  viewerId: bigint,
  on: boolean,
): Promise<Status> {
  const status = await target(ctx, statusId, viewerId);
  if (on) {
    await ctx.db
      .insert(bookmarks)
      .values({ id: newId(), accountId: viewerId, statusId: status.id })
      .onConflictDoNothing();
  } else {
    await ctx.db
      .delete(bookmarks)
      .where(and(eq(bookmarks.accountId, viewerId), eq(bookmarks.statusId, status.id)));
  }
  return status;
}

/** Pins a status of one's own to the profile (public or unlisted, at most five). */
export async function pin(
  ctx: SocialContext,
  statusId: bigint,
  viewerId: bigint,
  on: boolean,
): Promise<Status> {
  const status = await getVisibleStatus(ctx.db, statusId, viewerId);
  if (!on) {
    await ctx.db.delete(pins).where(and(eq(pins.accountId, viewerId), eq(pins.statusId, status.id)));
    return status;
  }
  if (status.accountId !== viewerId || status.reblogOfId) {
    throw unprocessable("Validation failed: You can only pin your own posts");
  }
  if (status.visibility === "private" || status.visibility === "direct") {
    throw unprocessable("Validation failed: Private or direct posts cannot be pinned");
  }
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(pins)
      .where(eq(pins.accountId, viewerId));
    if ((row?.n ?? 0) >= MAX_PINS)
      throw unprocessable(`Validation failed: You can pin at most ${MAX_PINS} posts`);
    await tx
      .insert(pins)
      .values({ id: newId(), accountId: viewerId, statusId: status.id })
      .onConflictDoNothing();
  });
  return status;
}
