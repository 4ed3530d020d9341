// /api/v1/timelines (home, public, tag), /api/v1/bookmarks and /api/v1/favourites: paginated
// status lists with Mastodon's max_id/since_id/min_id/limit and Link header.
import { type Context, Hono } from "hono";
import { z } from "zod";
import { PageCache, statusPageDependencies } from "../../social/page-cache.ts";
import type { PageRequest } from "../../social/pagination.ts";
import { hydrateStatuses } from "../../social/statuses/hydrate.ts";
import type { StatusEntry } from "../../social/timelines.ts";
import {
  bookmarkedStatuses,
  favouritedStatuses,
  homeTimeline,
  publicTimeline,
  tagTimeline,
} from "../../social/timelines.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { optionalViewer, requireUser } from "../middleware/auth.ts";
import { p, parseQuery } from "../params.ts";
import { linkHeader, paginated, readPage } from "./pagination.ts";
import { renderStatuses } from "./render.ts";
import { serializeStatus } from "./serializers/status.ts";

const publicSchema = z.object({
  local: p.bool().optional(),
  remote: p.bool().optional(),
  only_media: p.bool().optional(),
});

/** Rendered home pages kept in memory, at most this many bytes of JSON (about 2,000 pages). */
const HOME_PAGES_BYTES = 64 * 1024 * 1024;

const utf8 = new TextEncoder();

interface RenderedPage {
  /** UTF-8 already, so each response is a plain copy to the socket. */
  body: Uint8Array<ArrayBuffer>;
  link: string | null;
}

/** The cache key of a request for the newest page (no cursor, nothing but `limit`), else null. */
function firstPageKey(c: Context, viewerId: bigint, page: PageRequest): string | null {
  if (page.maxId !== undefined || page.sinceId !== undefined || page.minId !== undefined) return null;
  if (Object.keys(c.req.query()).some((name) => name !== "limit")) return null;
  return `${viewerId}:${c.req.query("limit") ?? ""}`;
}

const tagList = p.array(p.string(100), 100).optional();
const tagSchema = publicSchema.extend({ any: tagList, all: tagList, none: tagList });

export function timelinesRoutes(deps: ApiDeps) {
  const { social, serialize } = deps;
  const { db } = social;
  const render = (viewerId: bigint | null) => (rows: StatusEntry[]) =>
    renderStatuses(
      db,
      serialize,
      rows.map((row) => row.status),
      viewerId,
    );

  // The newest page of each home timeline is served from memory until something on it changes.
  const homePages = new PageCache<RenderedPage>(social.changes, {
    maxSize: HOME_PAGES_BYTES,
    sizeOf: (page) => page.body.byteLength,
  });
  const renderHomePage = async (c: Context, viewerId: bigint, request: PageRequest) => {
    const rows = await homeTimeline(db, viewerId, request);
    const views = await hydrateStatuses(
      db,
      rows.map((row) => row.status),
      viewerId,
    );
    const body = utf8.encode(JSON.stringify(views.map((view) => serializeStatus(view, serialize))));
    return {
      page: { body, link: linkHeader(c, rows) },
      dependencies: statusPageDependencies(viewerId, views),
    };
  };

  return new Hono()
    .get("/api/v1/timelines/home", async (c) => {
      const auth = requireUser(c, "read:statuses");
      const request = readPage(c); // validates, so a bad limit is a 422 whether or not a page is cached
      const key = firstPageKey(c, auth.accountId, request);
      if (key === null) {
        return paginated(c, (page) => homeTimeline(db, auth.accountId, page), render(auth.accountId));
      }
      const page = await homePages.fill(key, () => renderHomePage(c, auth.accountId, request));
      if (page.link) c.header("Link", page.link);
      return c.body(page.body, 200, { "Content-Type": "application/json" });
    })
    .get("/api/v1/timelines/public", async (c) => {
      const viewerId = optionalViewer(c, "read:statuses");
      const query = parseQuery(c, publicSchema);
      const options = { remote: query.remote, onlyMedia: query.only_media };
      return paginated(c, (page) => publicTimeline(db, viewerId, options, page), render(viewerId));
    })
    .get("/api/v1/timelines/tag/:hashtag", async (c) => {
      const viewerId = optionalViewer(c, "read:statuses");
      const hashtag = c.req.param("hashtag");
      if (hashtag.length > 100) throw new ApiError(404, "Record not found");
      const query = parseQuery(c, tagSchema);
      const options = {
        any: query.any,
        all: query.all,
        none: query.none,
        remote: query.remote,
        onlyMedia: query.only_media,
      };
      return paginated(c, (page) => tagTimeline(db, viewerId, hashtag, options, page), render(viewerId));
    })
    .get("/api/v1/bookmarks", async (c) => {
      const auth = requireUser(c, "read:bookmarks");
      return paginated(c, (page) => bookmarkedStatuses(db, auth.accountId, page), render(auth.accountId));
    })
    .get("/api/v1/favourites", async (c) => {
      const auth = requireUser(c, "read:favourites");
      return paginated(c, (page) => favouritedStatuses(db, auth.accountId, page), render(auth.accountId));
    });
}
