// /api/v1/timelines (home, public, tag), /api/v1/bookmarks and /api/v1/favourites: paginated
// status lists with Mastodon's max_id/since_id/min_id/limit and Link header.
import { Hono } from "hono";
import { z } from "zod";
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
import { paginated } from "./pagination.ts";
import { renderStatuses } from "./render.ts";

const publicSchema = z.object({
  local: p.bool().optional(),
  remote: p.bool().optional(),
  only_media: p.bool().optional(),
});

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

  return new Hono()
    .get("/api/v1/timelines/home", async (c) => {
      const auth = requireUser(c, "read:statuses");
      return paginated(c, (page) => homeTimeline(db, auth.accountId, page), render(auth.accountId));
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
