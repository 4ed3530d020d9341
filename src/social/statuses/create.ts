// Posting a status: validation, rendering, mentions and tags, media, counters, fan-out to home
// feeds and notifications, all in one transaction; events are emitted after it commits.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import {
  accounts,
  follows,
  idempotencyKeys,
  mediaAttachments,
  mentions,
  statuses,
  statusTags,
  type Visibility,
} from "../../db/schema.ts";
import { notFound, refuseUnstorableText, unprocessable } from "../../errors.ts";
import { countCharacters, renderHtml } from "../content.ts";
import type { SocialContext } from "../context.ts";
import { fanOut } from "../fanout.ts";
import { notify } from "../notify.ts";
import { resolveMentions, statusHashtags, upsertTags } from "./mentions.ts";
import { findVisibleStatus, type Status } from "./read.ts";

export interface NewStatus {
  accountId: bigint;
  text: string;
  spoilerText?: string | undefined;
  visibility?: Visibility | undefined;
  sensitive?: boolean | undefined;
  language?: string | null | undefined;
  inReplyToId?: bigint | null | undefined;
  mediaIds?: bigint[] | undefined;
  applicationId?: bigint | null | undefined;
  idempotencyKey?: string | undefined;
}

export function validateStatusText(
  ctx: SocialContext,
  text: string,
  spoilerText: string,
  mediaCount: number,
): void {
  refuseUnstorableText({ text, spoiler_text: spoilerText });
  if (!text.trim() && mediaCount === 0) throw unprocessable("Validation failed: Text can't be blank");
  const length = countCharacters(text) + [...spoilerText].length;
  const max = ctx.settings.maxStatusCharacters;
  if (length > max) throw unprocessable(`Validation failed: Text character limit of ${max} exceeded`);
  if (mediaCount > ctx.settings.maxMediaAttachments) {
    throw unprocessable(
      `Validation failed: You can attach at most ${ctx.settings.maxMediaAttachments} images`,
    );
  }
}

/** The author's unattached media among `ids`, in the order given; anything else is a 422. */
export async function claimableMedia(
  db: Executor,
  accountId: bigint,
  ids: bigint[],
  statusId: bigint | null,
) {
  if (!ids.length) return [];
  const rows = await db
    .select()
    .from(mediaAttachments)
    .where(and(inArray(mediaAttachments.id, ids), eq(mediaAttachments.accountId, accountId)));
  const usable = rows.filter((row) => row.statusId === null || row.statusId === statusId);
  if (usable.length !== new Set(ids).size)
    throw unprocessable("Validation failed: Media not found or already used");
  return ids.map((id) => usable.find((row) => row.id === id)!);
}

export async function createStatus(ctx: SocialContext, input: NewStatus): Promise<Status> {
  const spoilerText = input.spoilerText?.trim() ?? "";
  const mediaIds = [...new Set(input.mediaIds ?? [])];
  validateStatusText(ctx, input.text, spoilerText, mediaIds.length);
  refuseUnstorableText({ language: input.language, idempotency_key: input.idempotencyKey });
  const idempotent = input.idempotencyKey
    ? await findIdempotent(ctx.db, input.accountId, input.idempotencyKey)
    : null;
  if (idempotent) return idempotent;

  const parent = input.inReplyToId
    ? await findVisibleStatus(ctx.db, input.inReplyToId, input.accountId)
    : null;
  if (input.inReplyToId && (!parent || parent.reblogOfId)) throw notFound();
  const id = newId();
  const visibility = input.visibility ?? "public";
  const recipients = await ctx.db.transaction(async (tx) => {
    const media = await claimableMedia(tx, input.accountId, mediaIds, null);
    const resolved = await resolveMentions(tx, input.text);
    const mentioned = resolved.accountIds.filter((a) => a !== input.accountId);
    await tx.insert(statuses).values({
      id,
      accountId: input.accountId,
      text: input.text,
      content: renderHtml(input.text, {
        publicUrl: ctx.settings.publicUrl,
        mentionable: resolved.mentionable,
      }),
      spoilerText,
      visibility,
      sensitive: input.sensitive ?? spoilerText.length > 0,
      language: input.language ?? null,
      inReplyToId: parent?.id ?? null,
      inReplyToAccountId: parent?.accountId ?? null,
      threadRootId: parent ? (parent.threadRootId ?? parent.id) : null,
      applicationId: input.applicationId ?? null,
      aiGenerated: media.some((m) => "generation" in m.meta),
    });
    if (mentioned.length)
      await tx.insert(mentions).values(mentioned.map((accountId) => ({ statusId: id, accountId })));
    const tagIds = await upsertTags(tx, input.text);
    if (tagIds.length) await tx.insert(statusTags).values(tagIds.map((tagId) => ({ statusId: id, tagId })));
    if (media.length) {
      await tx.update(mediaAttachments).set({ statusId: id }).where(inArray(mediaAttachments.id, mediaIds));
    }
    await tx
      .update(accounts)
      .set({ statusesCount: sql`${accounts.statusesCount} + 1`, lastStatusAt: sql`now()` })
      .where(eq(accounts.id, input.accountId));
    if (parent) {
      await tx
        .update(statuses)
        .set({ repliesCount: sql`${statuses.repliesCount} + 1` })
        .where(eq(statuses.id, parent.id));
    }
    if (input.idempotencyKey) {
      await tx
        .insert(idempotencyKeys)
        .values({ accountId: input.accountId, key: input.idempotencyKey, statusId: id });
    }
    const home = await fanOut(tx, {
      id,
      accountId: input.accountId,
      visibility,
      inReplyToAccountId: parent?.accountId ?? null,
      reblogOfId: null,
      reblogOfAccountId: null,
      mentionedAccountIds: mentioned,
    });
    const notified = [
      ...(await notify(tx, {
        recipients: mentioned,
        fromAccountId: input.accountId,
        type: "mention",
        statusId: id,
      })),
      ...(visibility === "direct" ? [] : await notifySubscribers(tx, input.accountId, id, mentioned)),
    ];
    return { home, notified };
  });
  // Streams first: they carry ids only, and every follower's stream is waiting on this.
  // The public timeline's rule: public, and no replies to others.
  const onPublicStreams = visibility === "public" && (!parent || parent.accountId === input.accountId);
  ctx.events.emit("status.created", {
    statusId: id,
    accountId: input.accountId,
    homeRecipients: recipients.home,
    publicStreams: onPublicStreams ? { tags: statusHashtags(input.text) } : null,
  });
  for (const n of recipients.notified) {
    ctx.events.emit("notification.created", { notificationId: n.id, accountId: n.accountId });
  }
  return (await findVisibleStatus(ctx.db, id, input.accountId))!;
}

/** "Notify me when they post": followers who rang the bell get a `status` notification. */
async function notifySubscribers(
  tx: Executor,
  authorId: bigint,
  statusId: bigint,
  alreadyMentioned: bigint[],
) {
  const subscribers = await tx
    .select({ id: follows.accountId })
    .from(follows)
    .where(and(eq(follows.targetAccountId, authorId), eq(follows.notify, true)));
  const recipients = subscribers.map((s) => s.id).filter((id) => !alreadyMentioned.includes(id));
  return notify(tx, { recipients, fromAccountId: authorId, type: "status", statusId });
}

async function findIdempotent(db: Executor, accountId: bigint, key: string): Promise<Status | null> {
  const [row] = await db
    .select({ statusId: idempotencyKeys.statusId })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key)));
  return row ? findVisibleStatus(db, row.statusId, accountId) : null;
}
