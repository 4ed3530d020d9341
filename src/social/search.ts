// Search, as Mastodon's /api/v2/search does it but on Postgres alone: statuses by full-text search
// over what the viewer may see, accounts by username / display-name prefix, hashtags by name prefix,
// and local URLs resolved to the account or status they name. Visibility is decided by
// src/social/visibility.ts, so search can never surface a post its timelines would hide.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { accounts, statuses, tags } from "../db/social-schema.ts";
import { refuseUnstorableText } from "../errors.ts";
import { type Account, findAccountByUsername } from "./accounts.ts";
import type { SocialContext } from "./context.ts";
import { findVisibleStatus, type Status } from "./statuses/read.ts";
import { entryVisibleTo, notFilteredFor } from "./visibility.ts";

export interface SearchWindow {
  limit: number;
  offset: number;
}

export interface StatusSearchOptions extends SearchWindow {
  accountId?: bigint | undefined;
  maxId?: bigint | undefined;
  minId?: bigint | undefined;
}

export interface AccountSearchOptions extends SearchWindow {
  /** Only accounts the viewer follows (ignored for anonymous searches, as in Mastodon). */
  following?: boolean | undefined;
}

/** A hashtag as search shows it; `id` is null for a valid name nobody has used (yet) visibly. */
export interface TagResult {
  id: bigint | null;
  name: string;
}

const MAX_BIGINT = 9223372036854775807n;
const HASHTAG_NAME = /^[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*$/u;
const FROM_OPERATOR = /(^|\s)from:@?([a-z0-9_.-]+)(?:@(\S+))?(?=\s|$)/giu;

const hostOf = (ctx: SocialContext) => new URL(ctx.settings.publicUrl).host.toLowerCase();

/** `%` and `_` match literally in a LIKE prefix built from user input. */
const likePrefix = (term: string) => `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Splits Mastodon's `from:username` operator off the words to match. */
export function parseStatusQuery(q: string): {
  text: string;
  from: { username: string; domain: string | null } | null;
} {
  let from: { username: string; domain: string | null } | null = null;
  const text = q
    .replace(FROM_OPERATOR, (_match, lead: string, username: string, domain: string | undefined) => {
      from = { username, domain: domain?.toLowerCase() ?? null };
      return lead;
    })
    .trim();
  return { text, from };
}

/**
 * Statuses matching `q` (websearch syntax: words, "phrases", -exclusions; English stemming), best
 * match first then newest. Reblogs are never results — the original is.
 */
export async function searchStatuses(
  ctx: SocialContext,
  viewerId: bigint,
  q: string,
  options: StatusSearchOptions,
): Promise<Status[]> {
  refuseUnstorableText({ q });
  const { text, from } = parseStatusQuery(q);
  // A lone "#tag" or "@user" is a hashtag or account search, as in Mastodon.
  if (!from && (!text || (!/\s/.test(text) && (text.startsWith("#") || text.includes("@"))))) return [];
  let authorId = options.accountId;
  if (from) {
    if (from.domain && from.domain !== hostOf(ctx)) return [];
    const author = await findAccountByUsername(ctx.db, from.username);
    if (!author || (authorId !== undefined && authorId !== author.id)) return [];
    authorId = author.id;
  }
  const query = sql`websearch_to_tsquery('english', ${text})`;
  const rows = await ctx.db
    .select()
    .from(statuses)
    .where(
      and(
        text ? sql`${statuses.search} @@ ${query}` : undefined,
        sql`${statuses.reblogOfId} IS NULL`,
        authorId !== undefined ? eq(statuses.accountId, authorId) : undefined,
        options.maxId !== undefined ? sql`${statuses.id} < ${options.maxId}` : undefined,
        options.minId !== undefined ? sql`${statuses.id} > ${options.minId}` : undefined,
        entryVisibleTo(viewerId),
        notFilteredFor(viewerId),
      ),
    )
    .orderBy(...(text ? [sql`ts_rank(${statuses.search}, ${query}) DESC`] : []), sql`${statuses.id} DESC`)
    .limit(options.limit)
    .offset(options.offset);
  return rows;
}

/** Words of a display-name query as a 'simple'-config prefix tsquery, or null when there are none. */
function prefixTsQuery(term: string): SQL | null {
  const words = term.match(/[\p{L}\p{N}]+/gu)?.slice(0, 8);
  if (!words?.length) return null;
  // Only letters and digits reach to_tsquery, so user input cannot break its syntax.
  return sql`to_tsquery('simple', ${words.map((w) => `'${w}':*`).join(" & ")})`;
}

/**
 * Accounts whose username starts with the query or whose name has words starting with its words;
 * only that account for a full address (`user@thisdomain`). An exact username comes first, then accounts the viewer
 * follows. Suspended accounts, and accounts blocking or blocked by the viewer, are never shown.
 */
export async function searchAccounts(
  ctx: SocialContext,
  viewerId: bigint | null,
  q: string,
  options: AccountSearchOptions,
): Promise<Account[]> {
  refuseUnstorableText({ q });
  const trimmed = q.trim().replace(/^@/, "");
  if (trimmed.startsWith("#") || (trimmed.includes("@") && /\s/.test(trimmed))) return [];
  const [term = "", domain] = trimmed.split("@");
  if ((domain !== undefined && domain.toLowerCase() !== hostOf(ctx)) || !term) return [];
  const tsquery = prefixTsQuery(term);
  const exact = sql`lower(${accounts.username}) = lower(${term})`;
  const prefix = sql`${accounts.username} ILIKE ${likePrefix(term)}`;
  // A full address (`user@thisdomain`) names one account; a bare term is a prefix search.
  const matches =
    domain !== undefined ? exact : tsquery ? sql`(${prefix} OR ${accounts.search} @@ ${tsquery})` : prefix;
  const followed = (id: bigint) =>
    sql`EXISTS (SELECT 1 FROM follows sf WHERE sf.account_id = ${id} AND sf.target_account_id = ${accounts.id})`;
  return ctx.db
    .select()
    .from(accounts)
    .where(
      and(
        sql`${accounts.suspendedAt} IS NULL`,
        matches,
        viewerId !== null
          ? sql`NOT EXISTS (SELECT 1 FROM blocks sb WHERE (sb.account_id = ${viewerId} AND sb.target_account_id = ${accounts.id})
                OR (sb.account_id = ${accounts.id} AND sb.target_account_id = ${viewerId}))`
          : undefined,
        viewerId !== null && options.following ? followed(viewerId) : undefined,
      ),
    )
    .orderBy(
      sql`${exact} DESC`,
      ...(viewerId !== null ? [sql`${followed(viewerId)} DESC`] : []),
      sql`${accounts.followersCount} DESC`,
      accounts.id,
    )
    .limit(options.limit)
    .offset(options.offset);
}

/** Tags used by at least one status the viewer may see, so search never reveals a private tag. */
function usedVisibly(viewerId: bigint | null): SQL {
  return sql`EXISTS (SELECT 1 FROM status_tags vt JOIN statuses ON statuses.id = vt.status_id
    WHERE vt.tag_id = ${tags.id} AND ${entryVisibleTo(viewerId)})`;
}

/**
 * Hashtags starting with the query, shortest first. Like Mastodon, a valid name the viewer typed in
 * full always comes first, even when it has no posts yet, so it can be opened or followed.
 */
export async function searchHashtags(
  db: Executor,
  viewerId: bigint | null,
  q: string,
  options: SearchWindow,
): Promise<TagResult[]> {
  refuseUnstorableText({ q });
  const term = q.trim().replace(/^#/, "");
  if (!HASHTAG_NAME.test(term)) return [];
  const rows = await db
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(and(sql`lower(${tags.name}) LIKE lower(${likePrefix(term)})`, usedVisibly(viewerId)))
    .orderBy(
      sql`lower(${tags.name}) = lower(${term}) DESC`,
      sql`length(${tags.name})`,
      sql`lower(${tags.name})`,
    )
    .limit(options.limit)
    .offset(options.offset);
  const hasExact = rows.some((row) => row.name.toLowerCase() === term.toLowerCase());
  if (options.offset > 0 || hasExact) return rows;
  return [{ id: null, name: term }, ...rows].slice(0, options.limit);
}

/** A hashtag by name for GET /api/v1/tags/:name; null when the name is not a valid hashtag. */
export async function findTag(
  db: Executor,
  viewerId: bigint | null,
  name: string,
): Promise<TagResult | null> {
  if (!HASHTAG_NAME.test(name)) return null;
  const [row] = await db
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(and(sql`lower(${tags.name}) = lower(${name})`, usedVisibly(viewerId)))
    .limit(1);
  return row ?? { id: null, name };
}

export type ResolvedResource = { kind: "accounts"; account: Account } | { kind: "statuses"; status: Status };

/** The path shapes of our own profile and status URLs. */
const LOCAL_PATHS: { re: RegExp; kind: "accounts" | "statuses" }[] = [
  { re: /^\/@([\w.-]+)\/?$/, kind: "accounts" },
  { re: /^\/users\/([\w.-]+)\/?$/, kind: "accounts" },
  { re: /^\/@([\w.-]+)\/(\d{1,19})\/?$/, kind: "statuses" },
  { re: /^\/users\/([\w.-]+)\/statuses\/(\d{1,19})\/?$/, kind: "statuses" },
];

/** Whether `q` looks like a URL, which with `resolve` is looked up rather than searched for. */
export const isUrlQuery = (q: string) => /^https?:\/\//i.test(q.trim());

/**
 * Resolves one of this server's profile or status URLs to what it names, if the viewer may see it.
 * There is no federation: any other URL resolves to nothing.
 */
export async function resolveLocalUrl(
  ctx: SocialContext,
  viewerId: bigint | null,
  q: string,
): Promise<ResolvedResource | null> {
  let url: URL;
  let path: string;
  try {
    url = new URL(q.trim());
    path = decodeURIComponent(url.pathname);
  } catch {
    return null; // not a URL, or a malformed escape in its path
  }
  if (url.origin !== new URL(ctx.settings.publicUrl).origin) return null;
  for (const { re, kind } of LOCAL_PATHS) {
    const match = re.exec(path);
    if (!match) continue;
    const account = await findAccountByUsername(ctx.db, match[1]!);
    if (!account) return null;
    if (kind === "accounts") return { kind, account };
    const id = BigInt(match[2]!);
    if (id > MAX_BIGINT) return null;
    const status = await findVisibleStatus(ctx.db, id, viewerId);
    return status && status.accountId === account.id ? { kind, status } : null;
  }
  return null;
}
