// Blocks and mutes. A block severs the relationship both ways, as Mastodon's does: follows and
// pending requests in either direction go, with their counters, and each side's posts leave the
// other's home feed. A mute only hides: the muted account's posts leave the muter's feed (and, with
// `notifications`, their notifications stop), but follows stay.
import { and, eq } from "drizzle-orm";
import { newId } from "../db/ids.ts";
import { blocks, follows, mutes } from "../db/schema.ts";
import { forbidden } from "../errors.ts";
import { getAccount } from "./accounts.ts";
import type { SocialContext } from "./context.ts";
import { unmergeFromFeed } from "./fanout.ts";
import { mergeFollowed, removeFollow, removeFollowRequest } from "./relationships.ts";

export async function block(ctx: SocialContext, accountId: bigint, targetId: bigint): Promise<void> {
  if (accountId === targetId) throw forbidden("You cannot block yourself");
  await getAccount(ctx.db, targetId);
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(blocks)
      .values({ id: newId(), accountId, targetAccountId: targetId })
      .onConflictDoNothing();
    for (const [from, to] of [
      [accountId, targetId],
      [targetId, accountId],
    ] as const) {
      await removeFollow(tx, from, to);
      await removeFollowRequest(tx, from, to);
      // Also entries that came without a follow (reblogs by someone else of the other's posts).
      await unmergeFromFeed(tx, from, to);
    }
  });
}

export async function unblock(ctx: SocialContext, accountId: bigint, targetId: bigint): Promise<void> {
  await getAccount(ctx.db, targetId);
  await ctx.db
    .delete(blocks)
    .where(and(eq(blocks.accountId, accountId), eq(blocks.targetAccountId, targetId)));
}

export interface MuteOptions {
  /** Also hide notifications from the account (Mastodon's default: true). */
  notifications?: boolean | undefined;
}

/** Mutes (or re-mutes with new options). Mutes here are permanent: timed mutes are not stored. */
export async function mute(
  ctx: SocialContext,
  accountId: bigint,
  targetId: bigint,
  options: MuteOptions = {},
): Promise<void> {
  if (accountId === targetId) throw forbidden("You cannot mute yourself");
  await getAccount(ctx.db, targetId);
  const hideNotifications = options.notifications ?? true;
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(mutes)
      .values({ id: newId(), accountId, targetAccountId: targetId, hideNotifications })
      .onConflictDoUpdate({ target: [mutes.accountId, mutes.targetAccountId], set: { hideNotifications } });
    await unmergeFromFeed(tx, accountId, targetId);
  });
}

/** Unmutes; the account's recent posts come back into the feed if it is still followed. */
export async function unmute(ctx: SocialContext, accountId: bigint, targetId: bigint): Promise<void> {
  await getAccount(ctx.db, targetId);
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(mutes)
      .where(and(eq(mutes.accountId, accountId), eq(mutes.targetAccountId, targetId)))
      .returning({ id: mutes.id });
    if (!removed.length) return;
    const [following] = await tx
      .select({ id: follows.id, showReblogs: follows.showReblogs })
      .from(follows)
      .where(and(eq(follows.accountId, accountId), eq(follows.targetAccountId, targetId)))
      .limit(1);
    if (following) await mergeFollowed(tx, accountId, targetId, following.showReblogs);
  });
}
