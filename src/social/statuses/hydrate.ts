// Loads everything a page of statuses needs to be shown — authors, media, mentions, tags, the
// reblogged status, and what the viewer did with each — in a fixed number of batched queries.
//
// Most of that rarely changes, so it is cached per database, keyed by Postgres row versions (the
// system column `xmin`, which every UPDATE renews): one query reads each status's row, its version,
// its author's version and the viewer's marks, and only what changed since it was cached is loaded
// again. Nothing needs invalidating, in this process or any other: a stale entry simply doesn't
// match. The rule that keeps this true: whatever changes a status's media, mentions, tags or
// application also updates the status row (edits do; attached media updates touch it).
import { eq, inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "../../db/client.ts";
import {
  accounts,
  mediaAttachments,
  mentions,
  oauthApps,
  statuses,
  statusTags,
  tags,
} from "../../db/schema.ts";
import { LruCache } from "../../util/lru.ts";
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

/** What a status shows besides its author and the viewer's marks; valid while the row version holds. */
type StatusParts = Omit<StatusView, "account" | "reblog" | "viewer">;

interface HydrateCache {
  statuses: LruCache<bigint, { version: string; parts: StatusParts }>;
  accounts: LruCache<bigint, { version: string; account: Account }>;
}

// Sized for the hot working set of a busy instance (a few MB); an hour's TTL bounds what a
// forgotten entry costs.
const CACHED_STATUSES = 20_000;
const CACHED_ACCOUNTS = 10_000;
const CACHE_TTL_MS = 3600_000;
const caches = new WeakMap<Executor, HydrateCache>();

function cacheFor(db: Executor): HydrateCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = {
      statuses: new LruCache(CACHED_STATUSES, CACHE_TTL_MS),
      accounts: new LruCache(CACHED_ACCOUNTS, CACHE_TTL_MS),
    };
    caches.set(db, cache);
  }
  return cache;
}

const unique = <T>(values: T[]) => [...new Set(values)];

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

interface Stamp {
  status: Status;
  version: string;
  authorVersion: string;
  viewer: ViewerState | null;
}

/**
 * Each status's current row and versions, and the viewer's four marks on it, in one round trip:
 * the statement every status list runs, so it is prepared (once per database, with and without a
 * viewer) and never re-planned.
 */
function stampQuery(db: Executor, withViewer: boolean) {
  const viewer = sql.placeholder("viewer");
  const mark = (query: ReturnType<typeof sql>) =>
    withViewer ? sql<boolean>`EXISTS (${query})` : sql<boolean>`false`;
  return (db as Database)
    .select({
      status: statuses,
      version: sql<string>`statuses.xmin::text`,
      authorVersion: sql<string>`${accounts}.xmin::text`,
      favourited: mark(
        sql`SELECT 1 FROM favourites WHERE account_id = ${viewer} AND status_id = statuses.id`,
      ),
      bookmarked: mark(sql`SELECT 1 FROM bookmarks WHERE account_id = ${viewer} AND status_id = statuses.id`),
      pinned: mark(sql`SELECT 1 FROM pins WHERE account_id = ${viewer} AND status_id = statuses.id`),
      reblogged: mark(
        sql`SELECT 1 FROM statuses mr WHERE mr.account_id = ${viewer} AND mr.reblog_of_id = statuses.id`,
      ),
    })
    .from(statuses)
    .innerJoin(accounts, eq(accounts.id, statuses.accountId))
    .where(sql`${statuses.id} = ANY(${sql.placeholder("ids")}::bigint[])`)
    .prepare(withViewer ? "hydrate_stamps_viewer" : "hydrate_stamps");
}

type StampQuery = ReturnType<typeof stampQuery>;
const stampQueries = new WeakMap<Executor, { viewer: StampQuery; anonymous: StampQuery }>();

async function loadStamps(db: Executor, ids: bigint[], viewerId: bigint | null): Promise<Map<bigint, Stamp>> {
  let queries = stampQueries.get(db);
  if (!queries) {
    queries = { viewer: stampQuery(db, true), anonymous: stampQuery(db, false) };
    stampQueries.set(db, queries);
  }
  const rows = await (viewerId === null ? queries.anonymous : queries.viewer).execute({
    ids: `{${ids.join(",")}}`,
    viewer: viewerId ?? 0n,
  });
  return new Map(
    rows.map((r) => [
      r.status.id,
      {
        status: r.status,
        version: r.version,
        authorVersion: r.authorVersion,
        viewer:
          viewerId === null
            ? null
            : {
                favourited: Boolean(r.favourited),
                reblogged: Boolean(r.reblogged),
                bookmarked: Boolean(r.bookmarked),
                pinned: Boolean(r.pinned),
              },
      },
    ]),
  );
}

/** Media, mentions, tags and application of `rows`, batched. */
async function loadParts(db: Executor, rows: Status[]): Promise<Map<bigint, StatusParts>> {
  if (!rows.length) return new Map();
  const ids = rows.map((s) => s.id);
  const appIds = unique(rows.flatMap((s) => (s.applicationId ? [s.applicationId] : [])));
  const [mediaRows, mentionRows, tagRows, appRows] = await Promise.all([
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
  ]);
  const media = groupBy(mediaRows, (m) => m.statusId);
  const mentioned = groupBy(mentionRows, (m) => m.statusId);
  const tagged = groupBy(tagRows, (t) => t.statusId);
  const apps = new Map(appRows.map((a) => [a.id, { name: a.name, website: a.website }]));
  return new Map(
    rows.map((status) => [
      status.id,
      {
        status,
        media: media.get(status.id) ?? [],
        mentions: (mentioned.get(status.id) ?? []).map(({ id, username }) => ({ id, username })),
        tags: (tagged.get(status.id) ?? []).map((t) => t.name),
        application: status.applicationId ? (apps.get(status.applicationId) ?? null) : null,
      },
    ]),
  );
}

/** Author rows with their versions (read together, so a cached row is never older than its label). */
async function loadAuthors(db: Executor, ids: bigint[]) {
  if (!ids.length) return [];
  return db
    .select({ account: accounts, version: sql<string>`${accounts}.xmin::text` })
    .from(accounts)
    .where(inArray(accounts.id, ids));
}

export async function hydrateStatuses(
  db: Executor,
  page: Status[],
  viewerId: bigint | null,
): Promise<StatusView[]> {
  if (!page.length) return [];
  const reblogIds = page.flatMap((s) => (s.reblogOfId ? [s.reblogOfId] : []));
  const stamps = await loadStamps(db, unique([...page.map((s) => s.id), ...reblogIds]), viewerId);
  const cache = cacheFor(db);

  // The stamp query reads the rows again on purpose: a row and its version must come from one
  // snapshot, or a cache entry could hold older content under a newer version.
  // A status gone since the caller read it (deleted meanwhile, or the reply to a delete) is still
  // shown as the caller has it, uncached.
  const current = (status: Status) => stamps.get(status.id)?.status ?? status;
  const rows = unique([...page.map(current), ...reblogIds.flatMap((id) => stamps.get(id)?.status ?? [])]);
  const parts = new Map<bigint, StatusParts>();
  const staleRows: Status[] = [];
  for (const row of rows) {
    const cached = cache.statuses.get(row.id);
    if (cached && cached.version === stamps.get(row.id)?.version) parts.set(row.id, cached.parts);
    else staleRows.push(row);
  }
  const authorVersions = new Map([...stamps.values()].map((st) => [st.status.accountId, st.authorVersion]));
  const authors = new Map<bigint, Account>();
  const staleAuthors: bigint[] = [];
  for (const authorId of unique(rows.map((s) => s.accountId))) {
    const cached = cache.accounts.get(authorId);
    if (cached && cached.version === authorVersions.get(authorId)) authors.set(authorId, cached.account);
    else staleAuthors.push(authorId);
  }

  const [loadedParts, loadedAuthors] = await Promise.all([
    loadParts(db, staleRows),
    loadAuthors(db, staleAuthors),
  ]);
  for (const [id, loaded] of loadedParts) {
    parts.set(id, loaded);
    const stamp = stamps.get(id);
    if (stamp?.status === loaded.status) cache.statuses.set(id, { version: stamp.version, parts: loaded });
  }
  for (const { account, version } of loadedAuthors) {
    authors.set(account.id, account);
    cache.accounts.set(account.id, { version, account });
  }

  const view = (status: Status): StatusView => ({
    ...parts.get(status.id)!,
    account: authors.get(status.accountId)!,
    reblog: null,
    viewer: viewerId === null ? null : (stamps.get(status.id)?.viewer ?? NO_MARKS),
  });
  return page.map((original) => {
    const status = current(original);
    const reblogged = status.reblogOfId ? stamps.get(status.reblogOfId)?.status : undefined;
    return { ...view(status), reblog: reblogged ? view(reblogged) : null };
  });
}

const NO_MARKS: ViewerState = { favourited: false, reblogged: false, bookmarked: false, pinned: false };

export async function hydrateStatus(
  db: Executor,
  status: Status,
  viewerId: bigint | null,
): Promise<StatusView> {
  const [view] = await hydrateStatuses(db, [status], viewerId);
  return view!;
}
