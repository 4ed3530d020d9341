// Timelines: home (the fan-out feed), public, hashtag, and the viewer's bookmarks and favourites.
// Every list re-checks visibility at read time (src/social/visibility.ts), so a feed entry the
// viewer may no longer see — unfollowed private author, new block or mute, suspended author — never
// shows even though fan-out put it there.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { bookmarks, favourites, homeFeed, statuses } from "../db/schema.ts";
import { newestFirst, type Paged, type PageRequest, pageConditions, pageOrder } from "./pagination.ts";
import type { Status } from "./statuses/read.ts";
import { entryVisibleTo, notFilteredFor, statusVisibleTo } from "./visibility.ts";

export interface StatusEntry extends Paged {
  status: Status;
}

const MAX_ID = 9223372036854775807n;

/**
 * A status shows once in a home feed: a reblog entry is skipped when the feed already holds the
 * original or an earlier reblog of it. Checked at read time because fan-out only looks for the
 * original, and a follow's backfill merges reblogs unchecked; and when the earlier entry goes
 * (unreblog, unfollow), the later one takes its place.
 */
function shownOnce(viewer: unknown): SQL {
  return sql`(statuses.reblog_of_id IS NULL OR (
    NOT EXISTS (SELECT 1 FROM home_feed ho WHERE ho.account_id = ${viewer} AND ho.status_id = statuses.reblog_of_id)
    AND NOT EXISTS (SELECT 1 FROM statuses sr JOIN home_feed hr ON hr.account_id = ${viewer} AND hr.status_id = sr.id
      WHERE sr.reblog_of_id = statuses.reblog_of_id AND sr.id < statuses.id)
  ))`;
}

/**
 * The home timeline is the hot path, so it is one statement (feed ids and status rows together),
 * prepared once per database and direction: bounds are always present (defaults span every id) so
 * the plan never changes shape and the (account_id, status_id) primary key serves the range.
 */
function homeQuery(db: Database, ascending: boolean) {
  // The visibility builders take the viewer id as a value; a placeholder stands in for it here.
  const viewer = sql.placeholder("viewer") as unknown as bigint;
  return db
    .select({ status: statuses })
    .from(homeFeed)
    .innerJoin(statuses, eq(statuses.id, homeFeed.statusId))
    .where(
      and(
        sql`${homeFeed.accountId} = ${sql.placeholder("viewer")}`,
        sql`${homeFeed.statusId} < ${sql.placeholder("upper")}`,
        sql`${homeFeed.statusId} > ${sql.placeholder("lower")}`,
        entryVisibleTo(viewer),
        notFilteredFor(viewer),
        shownOnce(sql.placeholder("viewer")),
      ),
    )
    .orderBy(ascending ? sql`${homeFeed.statusId} ASC` : sql`${homeFeed.statusId} DESC`)
    .limit(sql.placeholder("limit"))
    .prepare(ascending ? "home_timeline_asc" : "home_timeline_desc");
}

type HomeQuery = ReturnType<typeof homeQuery>;
const prepared = new WeakMap<Database, { asc: HomeQuery; desc: HomeQuery }>();

export async function homeTimeline(
  db: Database,
  viewerId: bigint,
  page: PageRequest,
): Promise<StatusEntry[]> {
  let queries = prepared.get(db);
  if (!queries) {
    queries = { asc: homeQuery(db, true), desc: homeQuery(db, false) };
    prepared.set(db, queries);
  }
  const ascending = page.minId !== undefined;
  const lower = [page.sinceId ?? 0n, page.minId ?? 0n].reduce((a, b) => (a > b ? a : b));
  const rows = await (ascending ? queries.asc : queries.desc).execute({
    viewer: viewerId,
    upper: page.maxId ?? MAX_ID,
    lower,
    limit: page.limit,
  });
  return newestFirst(
    rows.map((row) => ({ cursor: row.status.id, status: row.status })),
    page,
  );
}

async function statusPage(db: Executor, where: SQL | undefined, page: PageRequest): Promise<StatusEntry[]> {
  const rows = await db
    .select()
    .from(statuses)
    .where(and(where, pageConditions(statuses.id, page)))
    .orderBy(pageOrder(statuses.id, page))
    .limit(page.limit);
  return newestFirst(
    rows.map((status) => ({ cursor: status.id, status })),
    page,
  );
}

// Written literally so the planner can use the partial index statuses_public_idx.
const PUBLIC_ORIGINALS = sql.raw(`(statuses.visibility = 'public' AND statuses.reblog_of_id IS NULL)`);
const HAS_MEDIA = sql.raw(`EXISTS (SELECT 1 FROM media_attachments ma WHERE ma.status_id = statuses.id)`);

export interface PublicTimelineOptions {
  /** Every account is local: `local` changes nothing, `remote` (no federation) finds nothing. */
  remote?: boolean | undefined;
  onlyMedia?: boolean | undefined;
}

/** Public, original posts; replies only within one's own thread (Mastodon's default). */
export async function publicTimeline(
  db: Executor,
  viewerId: bigint | null,
  options: PublicTimelineOptions,
  page: PageRequest,
): Promise<StatusEntry[]> {
  if (options.remote) return [];
  const where = and(
    PUBLIC_ORIGINALS,
    sql`(statuses.in_reply_to_account_id IS NULL OR statuses.in_reply_to_account_id = statuses.account_id)`,
    statusVisibleTo(viewerId),
    notFilteredFor(viewerId),
    options.onlyMedia ? HAS_MEDIA : undefined,
  );
  return statusPage(db, where, page);
}

export interface TagTimelineOptions {
  /** Additional tags, any of which also qualifies a status. */
  any?: string[] | undefined;
  /** Tags a status must all carry as well. */
  all?: string[] | undefined;
  /** Tags that exclude a status. */
  none?: string[] | undefined;
  remote?: boolean | undefined;
  onlyMedia?: boolean | undefined;
}

/** Mastodon takes at most four extra tags per mode. */
const TAGS_PER_MODE = 4;

/** Tag names compare case-insensitively and without a leading '#'. */
export function normalizeTag(name: string): string {
  return name.replace(/^#/, "").trim().toLowerCase();
}

function taggedWithAny(names: string[]): SQL {
  const list = sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  );
  return sql`EXISTS (SELECT 1 FROM status_tags st JOIN tags t ON t.id = st.tag_id
    WHERE st.status_id = statuses.id AND lower(t.name) IN (${list}))`;
}

export async function tagTimeline(
  db: Executor,
  viewerId: bigint | null,
  tag: string,
  options: TagTimelineOptions,
  page: PageRequest,
): Promise<StatusEntry[]> {
  const extra = (names: string[] | undefined) =>
    (names ?? []).slice(0, TAGS_PER_MODE).map(normalizeTag).filter(Boolean);
  const anyOf = [normalizeTag(tag), ...extra(options.any)].filter(Boolean);
  if (options.remote || !anyOf.length) return [];
  const none = extra(options.none);
  const where = and(
    PUBLIC_ORIGINALS,
    taggedWithAny(anyOf),
    ...extra(options.all).map((name) => taggedWithAny([name])),
    none.length ? sql`NOT ${taggedWithAny(none)}` : undefined,
    statusVisibleTo(viewerId),
    notFilteredFor(viewerId),
    options.onlyMedia ? HAS_MEDIA : undefined,
  );
  return statusPage(db, where, page);
}

/** The viewer's bookmarks or favourites, newest mark first, paginated by the mark's id. */
async function markedStatuses(
  db: Executor,
  table: typeof favourites,
  viewerId: bigint,
  page: PageRequest,
): Promise<StatusEntry[]> {
  const rows = await db
    .select({ cursor: table.id, status: statuses })
    .from(table)
    .innerJoin(statuses, eq(statuses.id, table.statusId))
    .where(and(eq(table.accountId, viewerId), entryVisibleTo(viewerId), pageConditions(table.id, page)))
    .orderBy(pageOrder(table.id, page))
    .limit(page.limit);
  return newestFirst(rows, page);
}

export function bookmarkedStatuses(db: Executor, viewerId: bigint, page: PageRequest) {
  // bookmarks and favourites share one shape (statusMark in the schema).
  return markedStatuses(db, bookmarks as unknown as typeof favourites, viewerId, page);
}

export function favouritedStatuses(db: Executor, viewerId: bigint, page: PageRequest) {
  return markedStatuses(db, favourites, viewerId, page);
}
