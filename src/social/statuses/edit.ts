// Editing a status keeps every earlier version (for /history), re-renders mentions and tags, and
// tells those who reblogged or favourited it.
import { and, eq, inArray, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { mediaAttachments, mentions, statusEdits, statuses, statusTags } from "../../db/schema.ts";
import { forbidden, unprocessable } from "../../errors.ts";
import { renderHtml } from "../content.ts";
import type { SocialContext } from "../context.ts";
import { feedHolders } from "../fanout.ts";
import { notify } from "../notify.ts";
import { claimableMedia, validateStatusText } from "./create.ts";
import { resolveMentions, upsertTags } from "./mentions.ts";
import { getVisibleStatus, type Status } from "./read.ts";

export interface StatusUpdate {
  text: string;
  spoilerText?: string | undefined;
  sensitive?: boolean | undefined;
  language?: string | null | undefined;
  mediaIds?: bigint[] | undefined;
  /** New alt texts for attached media, by id. */
  mediaDescriptions?: Map<bigint, string> | undefined;
}

async function attachedMediaIds(ctx: SocialContext, statusId: bigint): Promise<bigint[]> {
  const rows = await ctx.db
    .select({ id: mediaAttachments.id })
    .from(mediaAttachments)
    .where(eq(mediaAttachments.statusId, statusId))
    .orderBy(mediaAttachments.id);
  return rows.map((r) => r.id);
}

export async function editStatus(
  ctx: SocialContext,
  statusId: bigint,
  editorId: bigint,
  update: StatusUpdate,
): Promise<Status> {
  const status = await getVisibleStatus(ctx.db, statusId, editorId);
  if (status.accountId !== editorId) throw forbidden();
  if (status.reblogOfId) throw unprocessable("Validation failed: Reblogs cannot be edited");
  const spoilerText = update.spoilerText?.trim() ?? status.spoilerText;
  const currentMedia = await attachedMediaIds(ctx, status.id);
  const mediaIds = update.mediaIds ? [...new Set(update.mediaIds)] : currentMedia;
  validateStatusText(ctx, update.text, spoilerText, mediaIds.length);

  const notified = await ctx.db.transaction(async (tx) => {
    if (!status.editedAt) await saveVersion(tx, status, currentMedia, status.createdAt); // the original
    await claimableMedia(tx, editorId, mediaIds, status.id);
    await tx
      .update(mediaAttachments)
      .set({ statusId: null })
      .where(
        and(
          eq(mediaAttachments.statusId, status.id),
          sql`${mediaAttachments.id} NOT IN (${sql.join(
            [0n, ...mediaIds].map((id) => sql`${id}`),
            sql`, `,
          )})`,
        ),
      );
    if (mediaIds.length) {
      await tx
        .update(mediaAttachments)
        .set({ statusId: status.id })
        .where(inArray(mediaAttachments.id, mediaIds));
    }
    for (const [mediaId, description] of update.mediaDescriptions ?? []) {
      if (mediaIds.includes(mediaId)) {
        await tx.update(mediaAttachments).set({ description }).where(eq(mediaAttachments.id, mediaId));
      }
    }
    const resolved = await resolveMentions(tx, update.text);
    const [edited] = await tx
      .update(statuses)
      .set({
        text: update.text,
        content: renderHtml(update.text, {
          publicUrl: ctx.settings.publicUrl,
          mentionable: resolved.mentionable,
        }),
        spoilerText,
        sensitive: update.sensitive ?? (spoilerText.length > 0 || status.sensitive),
        language: update.language === undefined ? status.language : update.language,
        editedAt: sql`now()`,
      })
      .where(eq(statuses.id, status.id))
      .returning();
    await saveVersion(tx, edited!, mediaIds, edited!.editedAt!);
    const mentioned = resolved.accountIds.filter((a) => a !== editorId);
    await tx.delete(mentions).where(eq(mentions.statusId, status.id));
    if (mentioned.length) {
      await tx.insert(mentions).values(mentioned.map((accountId) => ({ statusId: status.id, accountId })));
    }
    await tx.delete(statusTags).where(eq(statusTags.statusId, status.id));
    const tagIds = await upsertTags(tx, update.text);
    if (tagIds.length)
      await tx.insert(statusTags).values(tagIds.map((tagId) => ({ statusId: status.id, tagId })));
    const interacted = await queryRows<{ account_id: string }>(
      tx,
      sql`SELECT account_id FROM favourites WHERE status_id = ${status.id}
          UNION SELECT account_id FROM statuses WHERE reblog_of_id = ${status.id}`,
    );
    const recipients = interacted.map((r) => BigInt(r.account_id));
    return notify(tx, { recipients, fromAccountId: editorId, type: "update", statusId: status.id });
  });
  const holders = await feedHolders(ctx.db, status.id);
  ctx.events.emit("status.updated", { statusId: status.id, accountId: editorId, homeRecipients: holders });
  for (const n of notified)
    ctx.events.emit("notification.created", { notificationId: n.id, accountId: n.accountId });
  return getVisibleStatus(ctx.db, status.id, editorId);
}

async function saveVersion(tx: Executor, status: Status, mediaIds: bigint[], at: Date) {
  await tx.insert(statusEdits).values({
    id: newId(),
    statusId: status.id,
    accountId: status.accountId,
    text: status.text,
    content: status.content,
    spoilerText: status.spoilerText,
    sensitive: status.sensitive,
    mediaIds: mediaIds.map(String),
    createdAt: at,
  });
}
