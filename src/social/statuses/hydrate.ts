// Loads everything a page of statuses needs to be shown — authors, media, mentions, tags, the
// reblogged status, and what the viewer did with each — in a fixed number of batched queries.
import { eq, inArray, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client.ts";
import {
  accounts,
  mediaAttachments,
  mentions,
  oauthApps,
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

interface MarkRow {
  kind: "f" | "b" | "p" | "r";
  id: string;
}

/** The viewer's four marks on the page in one round trip (a page costs one query fewer per mark). */
async function loadViewerState(db: Executor, ids: bigint[], viewerId: bigint) {
  const list = sql`${`{${ids.join(",")}}`}::bigint[]`;
  const rows = await queryRows<MarkRow>(
    db,
    sql`SELECT 'f' AS kind, status_id::text AS id FROM favourites WHERE account_id = ${viewerId} AND status_id = ANY(${list})
        UNION ALL
        SELECT 'b', status_id::text FROM bookmarks WHERE account_id = ${viewerId} AND status_id = ANY(${list})
        UNION ALL
        SELECT 'p', status_id::text FROM pins WHERE account_id = ${viewerId} AND status_id = ANY(${list})
        UNION ALL
        SELECT 'r', reblog_of_id::text FROM statuses WHERE account_id = ${viewerId} AND reblog_of_id = ANY(${list})`,
  );
  const marked = (kind: MarkRow["kind"]) =>
    new Set(rows.filter((r) => r.kind === kind).map((r) => BigInt(r.id)));
  return { favourited: marked("f"), bookmarked: marked("b"), pinned: marked("p"), reblogged: marked("r") };
}

export async function hydrateStatus(
  db: Executor,
  status: Status,
  viewerId: bigint | null,
): Promise<StatusView> {
  const [view] = await hydrateStatuses(db, [status], viewerId);
  return view!;
}
