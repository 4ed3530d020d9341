// GET /api/v2/search and GET /api/v1/tags/:name. Anonymous callers may search accounts and hashtags;
// statuses, pagination by offset and `resolve` need a signed-in user (Mastodon's 401 messages).
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type { Account } from "../../social/accounts.ts";
import {
  findTag,
  isUrlQuery,
  type ResolvedResource,
  resolveLocalUrl,
  searchAccounts,
  searchHashtags,
  searchStatuses,
  type TagResult,
} from "../../social/search.ts";
import type { Status } from "../../social/statuses/read.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { optionalViewer } from "../middleware/auth.ts";
import { p, parseQuery } from "../params.ts";
import { renderStatuses } from "./render.ts";
import { serializeAccount } from "./serializers/account.ts";
import { serializeTag } from "./serializers/tag.ts";

const RESULTS_LIMIT = 20;
const MAX_LIMIT = RESULTS_LIMIT * 2;

const searchSchema = z.object({
  q: p.string(1000).optional(),
  type: z.string({ error: "must be a string" }).optional(),
  resolve: p.bool().optional(),
  following: p.bool().optional(),
  exclude_unreviewed: p.bool().optional(),
  account_id: p.id().optional(),
  max_id: p.id().optional(),
  min_id: p.id().optional(),
  limit: p.int(-1_000_000, 1_000_000).optional(),
  offset: p.int(-1_000_000, 1_000_000).optional(),
});

type SearchType = "accounts" | "statuses" | "hashtags";

interface Results {
  accounts: Account[];
  statuses: Status[];
  hashtags: TagResult[];
}

const empty = (): Results => ({ accounts: [], statuses: [], hashtags: [] });

function fromResolved(resource: ResolvedResource | null, type: SearchType | undefined): Results {
  const results = empty();
  if (!resource || (type && type !== resource.kind)) return results;
  if (resource.kind === "accounts") results.accounts.push(resource.account);
  else results.statuses.push(resource.status);
  return results;
}

/** Mastodon's checks, in its order: q required, then the anonymous limits, then pagination values. */
function readSearch(c: Context, viewerId: bigint | null) {
  const query = parseQuery(c, searchSchema);
  const q = query.q?.trim();
  if (!q) throw new ApiError(400, "param is missing or the value is empty: q");
  const rawType = query.type || undefined; // a blank type means all types, as in Mastodon
  const type = (["accounts", "statuses", "hashtags"] as const).find((t) => t === rawType);
  // An untyped search has no offset, as in Mastodon.
  const offset = rawType ? (query.offset ?? 0) : 0;
  if (viewerId === null) {
    if (query.offset !== undefined)
      throw new ApiError(401, "Search queries pagination is not supported without authentication");
    if (query.resolve)
      throw new ApiError(
        401,
        "Search queries that resolve remote resources are not supported without authentication",
      );
    if (type === "statuses")
      throw new ApiError(401, "Searching statuses is not supported without authentication");
  }
  if ((query.limit ?? 0) < 0 || (query.offset ?? 0) < 0)
    throw new ApiError(400, "Pagination values for `offset` and `limit` must be positive");
  const limit = Math.min(query.limit ?? RESULTS_LIMIT, MAX_LIMIT);
  return { query, q, type, unknownType: rawType !== undefined && !type, window: { limit, offset } };
}

export function searchRoutes(deps: ApiDeps) {
  const { social, serialize } = deps;
  const { db } = social;

  const search = async (c: Context, viewerId: bigint | null): Promise<Results> => {
    const { query, q, type, unknownType, window } = readSearch(c, viewerId);
    if (unknownType || window.limit === 0) return empty();
    if (query.resolve && isUrlQuery(q)) {
      return window.offset > 0 ? empty() : fromResolved(await resolveLocalUrl(social, viewerId, q), type);
    }
    const wants = (t: SearchType) => !type || type === t;
    const [accounts, statuses, hashtags] = await Promise.all([
      wants("accounts") ? searchAccounts(social, viewerId, q, { ...window, following: query.following }) : [],
      wants("statuses") && viewerId !== null
        ? searchStatuses(social, viewerId, q, {
            ...window,
            accountId: query.account_id === undefined ? undefined : BigInt(query.account_id),
            maxId: query.max_id === undefined ? undefined : BigInt(query.max_id),
            minId: query.min_id === undefined ? undefined : BigInt(query.min_id),
          })
        : [],
      wants("hashtags") && !q.includes("@") ? searchHashtags(db, viewerId, q, window) : [],
    ]);
    return { accounts, statuses, hashtags };
  };

  return new Hono()
    .get("/api/v2/search", async (c) => {
      const viewerId = optionalViewer(c, "read:search");
      const results = await search(c, viewerId);
      return c.json({
        accounts: results.accounts.map((account) => serializeAccount(account, serialize)),
        statuses: await renderStatuses(db, serialize, results.statuses, viewerId),
        hashtags: results.hashtags.map((tag) =>
          serializeTag(tag, serialize, { signedIn: viewerId !== null }),
        ),
      });
    })
    .get("/api/v1/tags/:name", async (c) => {
      // Mastodon shows a tag to any caller, whatever the token's scopes.
      const viewerId = c.get("auth")?.accountId ?? null;
      const tag = await findTag(db, viewerId, c.req.param("name"));
      if (!tag) throw new ApiError(404, "Record not found");
      return c.json(serializeTag(tag, serialize, { signedIn: viewerId !== null }));
    });
}
