// Deleting a status: it, its reblogs and their feed entries go; its media are kept unattached so
// "delete and redraft" can reuse them.
import { eq, or, sql } from "drizzle-orm";
import { accounts, mediaAttachments, statuses } from "../../db/schema.ts";
import { forbidden } from "../../errors.ts";
import type { SocialContext } from "../context.ts";
import { feedHolders } from "../fanout.ts";
import { getVisibleStatus, type Status } from "./read.ts";

export async function deleteStatus(
  ctx: SocialContext,
  statusId: bigint,
  actorId: bigint,
  options: { asModerator?: boolean } = {},
): Promise<Status> {
  const status = await getVisibleStatus(ctx.db, statusId, actorId);
  if (status.accountId !== actorId && !options.asModerator) throw forbidden();
  const holders = await feedHolders(ctx.db, status.id);
  const reblogs = await ctx.db
    .select({ id: statuses.id, accountId: statuses.accountId })
    .from(statuses)
    .where(eq(statuses.reblogOfId, status.id));
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`DELETE FROM home_feed WHERE status_id = ${status.id} OR status_id IN (SELECT id FROM statuses WHERE reblog_of_id = ${status.id})`,
    );
    await tx.update(mediaAttachments).set({ statusId: null }).where(eq(mediaAttachments.statusId, status.id));
    await tx.delete(statuses).where(or(eq(statuses.id, status.id), eq(statuses.reblogOfId, status.id)));
    for (const author of [status.accountId, ...reblogs.map((r) => r.accountId)]) {
      await tx
        .update(accounts)
        .set({ statusesCount: sql`GREATEST(${accounts.statusesCount} - 1, 0)` })
        .where(eq(accounts.id, author));
    }
    if (status.inReplyToId) {
      await tx.execute(
        sql`UPDATE statuses SET replies_count = GREATEST(replies_count - 1, 0) WHERE id = ${status.inReplyToId}`,
      );
    }
  });
  ctx.events.emit("status.deleted", {
    statusId: status.id,
    accountId: status.accountId,
    homeRecipients: holders,
    visibility: status.visibility,
  });
  for (const r of reblogs) {
    ctx.events.emit("status.deleted", { statusId: r.id, accountId: r.accountId, homeRecipients: holders });
  }
  return status;
}
