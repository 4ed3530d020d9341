// Reading statuses as a given viewer: by id, threads (context) and edit history. Visibility is
// always decided by src/social/visibility.ts.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { mediaAttachments, statusEdits, statuses } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import { entryVisibleTo, notFilteredFor } from "../visibility.ts";

export type Status = typeof statuses.$inferSelect;
export type StatusEdit = typeof statusEdits.$inferSelect;

export async function findVisibleStatus(
  db: Executor,
  id: bigint,
  viewerId: bigint | null,
): Promise<Status | null> {
  const [row] = await db
    .select()
    .from(statuses)
    .where(and(eq(statuses.id, id), entryVisibleTo(viewerId)))
    .limit(1);
  return row ?? null;
}

/** The status if the viewer may see it; a 404 otherwise (Mastodon never says "forbidden" here). */
export async function getVisibleStatus(db: Executor, id: bigint, viewerId: bigint | null): Promise<Status> {
  const status = await findVisibleStatus(db, id, viewerId);
  if (!status) throw notFound();
  return status;
}

export interface ThreadContext {
  ancestors: Status[];
  descendants: Status[];
}

/** Ancestors (oldest first) and descendants (depth-first, in reply order) the viewer may see. */
export async function getContext(db: Executor, id: bigint, viewerId: bigint | null): Promise<ThreadContext> {
  const status = await getVisibleStatus(db, id, viewerId);
  const rootId = status.threadRootId ?? status.id;
  const thread = await db
    .select()
    .from(statuses)
    .where(
      and(
        sql`(${statuses.threadRootId} = ${rootId} OR ${statuses.id} = ${rootId})`,
        entryVisibleTo(viewerId),
        notFilteredFor(viewerId),
      ),
    )
    .orderBy(asc(statuses.id));
  const byId = new Map(thread.map((s) => [s.id, s]));
  const ancestors: Status[] = [];
  for (let parentId = status.inReplyToId; parentId !== null; ) {
    const parent = byId.get(parentId);
    if (!parent) break; // an invisible or deleted link ends the visible chain
    ancestors.unshift(parent);
    parentId = parent.inReplyToId;
  }
  const children = new Map<bigint, Status[]>();
  for (const s of thread) {
    if (s.inReplyToId !== null) children.set(s.inReplyToId, [...(children.get(s.inReplyToId) ?? []), s]);
  }
  const descendants: Status[] = [];
  const walk = (parentId: bigint) => {
    for (const child of children.get(parentId) ?? []) {
      descendants.push(child);
      walk(child.id);
    }
  };
  walk(status.id);
  return { ancestors, descendants };
}

export interface StatusVersion {
  content: string;
  spoilerText: string;
  sensitive: boolean;
  createdAt: Date;
  media: (typeof mediaAttachments.$inferSelect)[];
}

/** Every version of a status, oldest first, each with the media it had; never edited: just one. */
export async function getEditHistory(db: Executor, id: bigint, viewerId: bigint | null) {
  const status = await getVisibleStatus(db, id, viewerId);
  const edits = await db
    .select()
    .from(statusEdits)
    .where(eq(statusEdits.statusId, id))
    .orderBy(asc(statusEdits.id));
  const mediaIds = [...new Set(edits.flatMap((e) => e.mediaIds))].map(BigInt);
  const media = await db
    .select()
    .from(mediaAttachments)
    .where(
      edits.length
        ? inArray(mediaAttachments.id, mediaIds.length ? mediaIds : [0n])
        : eq(mediaAttachments.statusId, id),
    )
    .orderBy(asc(mediaAttachments.id));
  const versions: StatusVersion[] = edits.length
    ? edits.map((e) => ({ ...e, media: media.filter((m) => e.mediaIds.includes(String(m.id))) }))
    : [{ ...status, media }];
  return { status, versions };
}
