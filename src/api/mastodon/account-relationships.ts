// Relationships between accounts: follow/unfollow (requests for locked accounts), followers and
// following, relationships, block/mute, the viewer's blocks, mutes and follow requests — and an
// account's statuses. Paths, parameters, scopes and entities as in Mastodon.
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { listAccountStatuses } from "../../social/account-statuses.ts";
import { block, mute, unblock, unmute } from "../../social/blocks.ts";
import {
  type AccountEntry,
  getRelationship,
  getRelationships,
  listBlocks,
  listFollowers,
  listFollowing,
  listFollowRequests,
  listMutes,
} from "../../social/relationship-lists.ts";
import {
  authorizeFollowRequest,
  follow,
  rejectFollowRequest,
  removeFromFollowers,
  unfollow,
} from "../../social/relationships.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { optionalViewer, requireUser } from "../middleware/auth.ts";
import { isId, p, parseBody, parseQuery, pathId } from "../params.ts";
import { paginated } from "./pagination.ts";
import { renderStatuses } from "./render.ts";
import { serializeAccount } from "./serializers/account.ts";
import { serializeRelationship } from "./serializers/relationship.ts";

const followSchema = z.object({
  reblogs: p.bool().optional(),
  notify: p.bool().optional(),
  languages: p.array(p.string(20), 100).optional(), // accepted; every language is shown
});

const muteSchema = z.object({
  notifications: p.bool().optional(),
  duration: p.int(0, 2_147_483_647).optional(),
});

const statusesSchema = z.object({
  exclude_replies: p.bool().optional(),
  exclude_reblogs: p.bool().optional(),
  exclude_direct: p.bool().optional(),
  only_media: p.bool().optional(),
  pinned: p.bool().optional(),
  tagged: p.string(100).optional(),
});

const relationshipsSchema = z.object({
  id: p.array(z.unknown(), 100).optional(),
  with_suspended: p.bool().optional(),
});

/** Mastodon's account lists default to 40 and allow up to 80 per page. */
const ACCOUNT_PAGE = { defaultLimit: 40, maxLimit: 80 };

export function accountRelationshipsRoutes(deps: ApiDeps) {
  const { social, serialize } = deps;
  const { db } = social;
  const accountsOf = (rows: AccountEntry[]) => rows.map((row) => serializeAccount(row.account, serialize));
  const relationship = async (c: Context, viewerId: bigint, targetId: bigint) =>
    c.json(serializeRelationship(await getRelationship(db, viewerId, targetId)));

  /** POST /api/v1/accounts/:id/<action>, answering with the viewer's Relationship to :id. */
  const act = (scope: string, run: (c: Context, viewerId: bigint, targetId: bigint) => Promise<void>) => {
    return async (c: Context) => {
      const auth = requireUser(c, scope);
      const targetId = pathId(c);
      await run(c, auth.accountId, targetId);
      return relationship(c, auth.accountId, targetId);
    };
  };

  return new Hono()
    .get("/api/v1/accounts/relationships", async (c) => {
      const auth = requireUser(c, "read:follows");
      const query = parseQuery(c, relationshipsSchema);
      // Like Mastodon, ids that are not ids simply match no account.
      const ids = (query.id ?? [])
        .filter((id): id is string => typeof id === "string" && isId(id))
        .map(BigInt);
      const found = await getRelationships(db, auth.accountId, ids, { withSuspended: query.with_suspended });
      return c.json(found.map(serializeRelationship));
    })
    .post(
      "/api/v1/accounts/:id/follow",
      act("write:follows", async (c, viewerId, targetId) => {
        const body = await parseBody(c, followSchema);
        await follow(social, viewerId, targetId, { reblogs: body.reblogs, notify: body.notify });
      }),
    )
    .post(
      "/api/v1/accounts/:id/unfollow",
      act("write:follows", (_c, viewerId, targetId) => unfollow(social, viewerId, targetId)),
    )
    .post(
      "/api/v1/accounts/:id/remove_from_followers",
      act("write:follows", (_c, viewerId, targetId) => removeFromFollowers(social, viewerId, targetId)),
    )
    .post(
      "/api/v1/accounts/:id/block",
      act("write:blocks", (_c, viewerId, targetId) => block(social, viewerId, targetId)),
    )
    .post(
      "/api/v1/accounts/:id/unblock",
      act("write:blocks", (_c, viewerId, targetId) => unblock(social, viewerId, targetId)),
    )
    .post(
      "/api/v1/accounts/:id/mute",
      act("write:mutes", async (c, viewerId, targetId) => {
        const body = await parseBody(c, muteSchema);
        // No expiry is stored, so a timed mute is refused rather than silently made permanent.
        if (body.duration) throw new ApiError(422, "Validation failed: timed mutes are not supported");
        await mute(social, viewerId, targetId, { notifications: body.notifications });
      }),
    )
    .post(
      "/api/v1/accounts/:id/unmute",
      act("write:mutes", (_c, viewerId, targetId) => unmute(social, viewerId, targetId)),
    )
    .get("/api/v1/accounts/:id/followers", async (c) => {
      const viewerId = optionalViewer(c, "read:accounts");
      const id = pathId(c);
      return paginated(c, (page) => listFollowers(db, id, viewerId, page), accountsOf, ACCOUNT_PAGE);
    })
    .get("/api/v1/accounts/:id/following", async (c) => {
      const viewerId = optionalViewer(c, "read:accounts");
      const id = pathId(c);
      return paginated(c, (page) => listFollowing(db, id, viewerId, page), accountsOf, ACCOUNT_PAGE);
    })
    .get("/api/v1/accounts/:id/statuses", async (c) => {
      const viewerId = optionalViewer(c, "read:statuses");
      const id = pathId(c);
      const query = parseQuery(c, statusesSchema);
      const filter = {
        excludeReplies: query.exclude_replies,
        excludeReblogs: query.exclude_reblogs,
        excludeDirect: query.exclude_direct,
        onlyMedia: query.only_media,
        pinned: query.pinned,
        tagged: query.tagged,
      };
      return paginated(
        c,
        (page) => listAccountStatuses(db, id, viewerId, filter, page),
        (rows) =>
          renderStatuses(
            db,
            serialize,
            rows.map((row) => row.status),
            viewerId,
          ),
      );
    })
    .get("/api/v1/blocks", async (c) => {
      const auth = requireUser(c, "read:blocks");
      return paginated(c, (page) => listBlocks(db, auth.accountId, page), accountsOf, ACCOUNT_PAGE);
    })
    .get("/api/v1/mutes", async (c) => {
      const auth = requireUser(c, "read:mutes");
      return paginated(
        c,
        (page) => listMutes(db, auth.accountId, page),
        (rows) => accountsOf(rows).map((account) => ({ ...account, mute_expires_at: null })),
        ACCOUNT_PAGE,
      );
    })
    .get("/api/v1/follow_requests", async (c) => {
      const auth = requireUser(c, "read:follows");
      return paginated(c, (page) => listFollowRequests(db, auth.accountId, page), accountsOf, ACCOUNT_PAGE);
    })
    .post("/api/v1/follow_requests/:id/authorize", async (c) => {
      const auth = requireUser(c, "write:follows");
      const requesterId = pathId(c);
      await authorizeFollowRequest(social, auth.accountId, requesterId);
      return relationship(c, auth.accountId, requesterId);
    })
    .post("/api/v1/follow_requests/:id/reject", async (c) => {
      const auth = requireUser(c, "write:follows");
      const requesterId = pathId(c);
      await rejectFollowRequest(social, auth.accountId, requesterId);
      return relationship(c, auth.accountId, requesterId);
    });
}
