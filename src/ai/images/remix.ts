// Remixing: a new generation that starts from a public post's generated image (its prompt, and the
// picture itself as the image-to-image source). Authors can turn remixing off for their posts
// (`allow_remix` on their account); private and direct posts are never remixed, and a post the
// person cannot see is simply not found.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "../../db/client.ts";
import { accounts, mediaAttachments, statuses } from "../../db/schema.ts";
import { DomainError, notFound, unprocessable } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import type { MediaAttachmentRow } from "../../media/service.ts";
import type { SocialEvents } from "../../social/events.ts";
import { notify } from "../../social/notify.ts";
import { findVisibleStatus } from "../../social/statuses/read.ts";

/** What `meta.generation` holds on a generated attachment. */
export interface GenerationMeta {
  prompt: string;
  model: string;
  provider: string;
  seed: number;
  style?: string;
  /** The status this image remixes, and its author (so a post can say "remix of @author"). */
  remix_of_id?: string;
  remix_of_account_id?: string;
  remix_of_acct?: string;
}

export function generationOf(media: Pick<MediaAttachmentRow, "meta">): GenerationMeta | null {
  const value = media.meta.generation;
  return value && typeof value === "object" ? (value as GenerationMeta) : null;
}

export interface RemixSource {
  statusId: bigint;
  authorId: bigint;
  authorUsername: string;
  prompt: string;
  media: MediaAttachmentRow;
}

/** The post to remix as `viewerId` may use it; 404, 403 or 422 with a reason otherwise. */
export async function findRemixSource(
  db: Executor,
  statusId: bigint,
  viewerId: bigint,
): Promise<RemixSource> {
  let status = await findVisibleStatus(db, statusId, viewerId);
  if (status?.reblogOfId) status = await findVisibleStatus(db, status.reblogOfId, viewerId);
  if (!status) throw notFound();
  if (status.visibility !== "public" && status.visibility !== "unlisted") {
    throw unprocessable("Only public and unlisted posts can be remixed");
  }
  const [author] = await db
    .select({ id: accounts.id, username: accounts.username, allowRemix: accounts.allowRemix })
    .from(accounts)
    .where(eq(accounts.id, status.accountId));
  if (!author) throw notFound();
  if (!author.allowRemix && author.id !== viewerId) {
    throw new DomainError(403, `@${author.username} has turned off remixing of their posts`);
  }
  const media = await db
    .select()
    .from(mediaAttachments)
    .where(eq(mediaAttachments.statusId, status.id))
    .orderBy(asc(mediaAttachments.id));
  const generated = media.find((m) => generationOf(m));
  if (!generated) throw unprocessable("This post has no generated image to remix");
  return {
    statusId: status.id,
    authorId: author.id,
    authorUsername: author.username,
    prompt: generationOf(generated)!.prompt,
    media: generated,
  };
}

/**
 * When a post carrying a remix is published, its original's author gets a `remix` notification
 * (the notification's status is the new post, so it is shown only if they may see that post).
 * Returns a function that stops listening.
 */
export function notifyRemixes(db: Database, events: SocialEvents, logger: Logger): () => void {
  const onCreated = ({ statusId, accountId }: { statusId: bigint; accountId: bigint }) => {
    void notifyRemix(db, events, statusId, accountId).catch((err: unknown) =>
      logger.error({ err, statusId: String(statusId) }, "could not notify the author of a remixed post"),
    );
  };
  events.on("status.created", onCreated);
  return () => events.off("status.created", onCreated);
}

async function notifyRemix(
  db: Database,
  events: SocialEvents,
  statusId: bigint,
  remixerId: bigint,
): Promise<void> {
  const media = await db
    .select({ meta: mediaAttachments.meta })
    .from(mediaAttachments)
    .where(
      and(eq(mediaAttachments.statusId, statusId), sql`${mediaAttachments.meta} -> 'generation' IS NOT NULL`),
    );
  const originals = [
    ...new Set(media.flatMap((m) => (generationOf(m)?.remix_of_id ? [generationOf(m)!.remix_of_id!] : []))),
  ];
  if (!originals.length) return;
  const authors = await db
    .selectDistinct({ accountId: statuses.accountId })
    .from(statuses)
    .where(inArray(statuses.id, originals.map(BigInt)));
  const created = await notify(db, {
    recipients: authors.map((a) => a.accountId),
    fromAccountId: remixerId,
    type: "remix",
    statusId,
  });
  for (const n of created)
    events.emit("notification.created", { notificationId: n.id, accountId: n.accountId });
}
