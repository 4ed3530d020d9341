// Loads everything a page of statuses needs to be shown — authors, media, mentions, tags, the
// reblogged status, and what the viewer did with each — in a fixed number of batched queries.
import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import {
  accounts,
  bookmarks,
  favourites,
  mediaAttachments,
  mentions,
  oauthApps,
  pins,
  statuses,
  statusTags,
  tags,
} from "../../db/schema.ts";
import type { Account } from "../accounts.ts";
import type { Status } from "./read.ts";

export type MediaAttachment = typeof mediaAttachments.$inferSelect;

export interface ViewerState {
  favourited: boolean;
  reblogged: boolean;
  bookmarked: boolean;
  pinned: boolean;
}

export interface StatusView {
  status: Status;
  account: Account;
  media: MediaAttachment[];
  mentions: Pick<Account, "id" | "username">[];
  tags: string[];
  application: { name: string; website: string | null } | null;
  reblog: StatusView | null;
  viewer: ViewerState | null;
}

const unique = <T>(values: T[]) => [...new Set(values)];

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

export async function hydrateStatuses(
  db: Executor,
  page: Status[],
  viewerId: bigint | null,
): Promise<StatusView[]> {
  if (!page.length) return [];
  const reblogIds = unique(page.flatMap((s) => (s.reblogOfId ? [s.reblogOfId] : [])));
  const originals = reblogIds.length
    ? await db.select().from(statuses).where(inArray(statuses.id, reblogIds))
    : [];
  const all = [...page, ...originals];
  const ids = unique(all.map((s) => s.id));
  const appIds = unique(all.flatMap((s) => (s.applicationId ? [s.applicationId] : [])));
  const [authorRows, mediaRows, mentionRows, tagRows, appRows, viewer] = await Promise.all([
    db
      .select()
      .from(accounts)
      .where(inArray(accounts.id, unique(all.map((s) => s.accountId)))),
    db
      .select()
      .from(mediaAttachments)
      .where(inArray(mediaAttachments.statusId, ids))
      .orderBy(mediaAttachments.id),
    db
      .select({ statusId: mentions.statusId, id: accounts.id, username: accounts.username })
      .from(mentions)
      .innerJoin(accounts, eq(accounts.id, mentions.accountId))
      .where(inArray(mentions.statusId, ids)),
    db
      .select({ statusId: statusTags.statusId, name: tags.name })
      .from(statusTags)
      .innerJoin(tags, eq(tags.id, statusTags.tagId))
      .where(inArray(statusTags.statusId, ids)),
    appIds.length
      ? db
          .select({ id: oauthApps.id, name: oauthApps.name, website: oauthApps.website })
          .from(oauthApps)
          .where(inArray(oauthApps.id, appIds))
      : Promise.resolve([]),
    viewerId === null ? null : loadViewerState(db, ids, viewerId),
  ]);
  const authors = new Map(authorRows.map((a) => [a.id, a]));
  const media = groupBy(mediaRows, (m) => m.statusId);
  const mentioned = groupBy(mentionRows, (m) => m.statusId);
  const tagged = groupBy(tagRows, (t) => t.statusId);
  const apps = new Map(appRows.map((a) => [a.id, { name: a.name, website: a.website }]));
  const view = (status: Status): StatusView => ({
    status,
    account: authors.get(status.accountId)!,
    media: media.get(status.id) ?? [],
    mentions: (mentioned.get(status.id) ?? []).map(({ id, username }) => ({ id, username })),
    tags: (tagged.get(status.id) ?? []).map((t) => t.name),
    application: status.applicationId ? (apps.get(status.applicationId) ?? null) : null,
    reblog: null,
    viewer: viewer
      ? {
          favourited: viewer.favourited.has(status.id),
          reblogged: viewer.reblogged.has(status.id),
          bookmarked: viewer.bookmarked.has(status.id),
          pinned: viewer.pinned.has(status.id),
        }
      : null,
  });
  const originalViews = new Map(originals.map((s) => [s.id, view(s)]));
  return page.map((status) => ({
    ...view(status),
    reblog: status.reblogOfId ? (originalViews.get(status.reblogOfId) ?? null) : null,
  }));
}

async function loadViewerState(db: Executor, ids: bigint[], viewerId: bigint) {
  // The three tables share one shape (see statusMark in the schema).
  const mine = (table: typeof favourites) =>
    db
      .select({ id: table.statusId })
      .from(table)
      .where(and(eq(table.accountId, viewerId), inArray(table.statusId, ids)));
  const [fav, book, pin, reb] = await Promise.all([
    mine(favourites),
    mine(bookmarks as unknown as typeof favourites),
    mine(pins as unknown as typeof favourites),
    db
      .select({ id: statuses.reblogOfId })
      .from(statuses)
      .where(and(eq(statuses.accountId, viewerId), inArray(statuses.reblogOfId, ids))),
  ]);
  const set = (rows: { id: bigint | null }[]) => new Set(rows.map((r) => r.id!));
  return { favourited: set(fav), bookmarked: set(book), pinned: set(pin), reblogged: set(reb) };
}

export async function hydrateStatus(
  db: Executor,
  status: Status,
  viewerId: bigint | null,
): Promise<StatusView> {
  const [view] = await hydrateStatuses(db, [status], viewerId);
  return view!;
}
