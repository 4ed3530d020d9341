// /api/v1/statuses: post, read, edit, delete, thread context and the interactions.

import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { listFavouritedBy, listRebloggedBy } from "../../social/statuses/audience.ts";
import { createStatus } from "../../social/statuses/create.ts";
import { deleteStatus } from "../../social/statuses/delete.ts";
import { editStatus } from "../../social/statuses/edit.ts";
import { hydrateStatus } from "../../social/statuses/hydrate.ts";
import {
  bookmark,
  favourite,
  pin,
  reblog,
  unfavourite,
  unreblog,
} from "../../social/statuses/interactions.ts";
import { getContext, getEditHistory, getVisibleStatus } from "../../social/statuses/read.ts";
import type { ApiDeps } from "../deps.ts";
import { optionalViewer, requireUser } from "../middleware/auth.ts";
import { isId, p, parseBody, pathId } from "../params.ts";
import { paginated } from "./pagination.ts";
import { renderStatus, renderStatuses } from "./render.ts";
import { serializeAccount } from "./serializers/account.ts";
import { serializeStatusEdit } from "./serializers/status.ts";

const VISIBILITY = z.enum(["public", "unlisted", "private", "direct"], {
  error: "must be one of public, unlisted, private, direct",
});
const LANGUAGE = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, { error: "must be an ISO 639 language code" });

const statusText = z.string({ error: "must be a string" }).max(100_000, { error: "is too long" });

const createSchema = z.object({
  status: statusText.optional().default(""),
  media_ids: p.array(p.id(), 20).optional(),
  in_reply_to_id: p.id().optional().nullable(),
  sensitive: p.bool().optional(),
  spoiler_text: p.string(1000).optional(),
  visibility: VISIBILITY.optional(),
  language: LANGUAGE.optional().nullable(),
  scheduled_at: z.unknown().optional(),
  poll: z.unknown().optional(),
});

const editSchema = z.object({
  status: statusText.optional().default(""),
  media_ids: p.array(p.id(), 20).optional(),
  sensitive: p.bool().optional(),
  spoiler_text: p.string(1000).optional(),
  language: LANGUAGE.optional().nullable(),
  media_attributes: p.array(z.object({ id: p.id(), description: p.string(1500).optional() }), 20).optional(),
});

const reblogSchema = z.object({ visibility: VISIBILITY.optional() });

export function statusesRoutes(deps: ApiDeps) {
  const { social, serialize } = deps;
  const { db } = social;
  const one = async (c: Context, statusPromise: ReturnType<typeof getVisibleStatus>, viewerId: bigint) =>
    c.json(await renderStatus(db, serialize, await statusPromise, viewerId));

  return new Hono()
    .post("/api/v1/statuses", async (c) => {
      const auth = requireUser(c, "write:statuses");
      const body = await parseBody(c, createSchema);
      if (body.poll) return c.json({ error: "Polls are not supported on this server" }, 422);
      if (body.scheduled_at)
        return c.json({ error: "Scheduled posts are not supported on this server" }, 422);
      const key = c.req.header("idempotency-key");
      const status = await createStatus(social, {
        accountId: auth.accountId,
        text: body.status,
        spoilerText: body.spoiler_text,
        visibility: body.visibility,
        sensitive: body.sensitive,
        language: body.language,
        inReplyToId: body.in_reply_to_id ? BigInt(body.in_reply_to_id) : null,
        mediaIds: body.media_ids?.map(BigInt),
        applicationId: auth.appId,
        idempotencyKey: key ? key.slice(0, 200) : undefined,
      });
      return c.json(await renderStatus(db, serialize, status, auth.accountId));
    })
    .get("/api/v1/statuses", async (c) => {
      const viewerId = optionalViewer(c, "read:statuses");
      const ids = c.req.queries("id[]") ?? c.req.queries("id") ?? [];
      const valid = ids.filter(isId).slice(0, 40).map(BigInt);
      const found = await Promise.all(
        valid.map((id) => getVisibleStatus(db, id, viewerId).catch(() => null)),
      );
      return c.json(
        await renderStatuses(
          db,
          serialize,
          found.filter((s) => s !== null),
          viewerId,
        ),
      );
    })
    .get("/api/v1/statuses/:id", async (c) => {
      const viewerId = optionalViewer(c, "read:statuses");
      const status = await getVisibleStatus(db, pathId(c), viewerId);
      return c.json(await renderStatus(db, serialize, status, viewerId));
    })
    .delete("/api/v1/statuses/:id", async (c) => {
      const auth = requireUser(c, "write:statuses");
      const id = pathId(c);
      const status = await getVisibleStatus(db, id, auth.accountId);
      const rendered = await renderStatus(db, serialize, status, auth.accountId, { source: true });
      await deleteStatus(social, id, auth.accountId);
      return c.json(rendered);
    })
    .put("/api/v1/statuses/:id", async (c) => {
      const auth = requireUser(c, "write:statuses");
      const body = await parseBody(c, editSchema);
      const status = await editStatus(social, pathId(c), auth.accountId, {
        text: body.status,
        spoilerText: body.spoiler_text,
        sensitive: body.sensitive,
        language: body.language,
        mediaIds: body.media_ids?.map(BigInt),
        mediaDescriptions: new Map(
          (body.media_attributes ?? []).flatMap((m) =>
            m.description === undefined ? [] : [[BigInt(m.id), m.description]],
          ),
        ),
      });
      return c.json(await renderStatus(db, serialize, status, auth.accountId));
    })
    .get("/api/v1/statuses/:id/source", async (c) => {
      const auth = requireUser(c, "read:statuses");
      const status = await getVisibleStatus(db, pathId(c), auth.accountId);
      return c.json({ id: String(status.id), text: status.text, spoiler_text: status.spoilerText });
    })
    .get("/api/v1/statuses/:id/history", async (c) => {
      const viewerId = optionalViewer(c, "read:statuses");
      const { status, versions } = await getEditHistory(db, pathId(c), viewerId);
      const view = await hydrateStatus(db, status, viewerId);
      return c.json(versions.map((version) => serializeStatusEdit(version, view, serialize)));
    })
    .get("/api/v1/statuses/:id/context", async (c) => {
      const viewerId = optionalViewer(c, "read:statuses");
      const context = await getContext(db, pathId(c), viewerId);
      const [ancestors, descendants] = await Promise.all([
        renderStatuses(db, serialize, context.ancestors, viewerId),
        renderStatuses(db, serialize, context.descendants, viewerId),
      ]);
      return c.json({ ancestors, descendants });
    })
    .post("/api/v1/statuses/:id/favourite", async (c) => {
      const auth = requireUser(c, "write:favourites");
      return one(c, favourite(social, pathId(c), auth.accountId), auth.accountId);
    })
    .post("/api/v1/statuses/:id/unfavourite", async (c) => {
      const auth = requireUser(c, "write:favourites");
      return one(c, unfavourite(social, pathId(c), auth.accountId), auth.accountId);
    })
    .post("/api/v1/statuses/:id/reblog", async (c) => {
      const auth = requireUser(c, "write:statuses");
      const body = await parseBody(c, reblogSchema);
      return one(c, reblog(social, pathId(c), auth.accountId, body.visibility), auth.accountId);
    })
    .post("/api/v1/statuses/:id/unreblog", async (c) => {
      const auth = requireUser(c, "write:statuses");
      return one(c, unreblog(social, pathId(c), auth.accountId), auth.accountId);
    })
    .post("/api/v1/statuses/:id/bookmark", async (c) => {
      const auth = requireUser(c, "write:bookmarks");
      return one(c, bookmark(social, pathId(c), auth.accountId, true), auth.accountId);
    })
    .post("/api/v1/statuses/:id/unbookmark", async (c) => {
      const auth = requireUser(c, "write:bookmarks");
      return one(c, bookmark(social, pathId(c), auth.accountId, false), auth.accountId);
    })
    .post("/api/v1/statuses/:id/pin", async (c) => {
      const auth = requireUser(c, "write:accounts");
      return one(c, pin(social, pathId(c), auth.accountId, true), auth.accountId);
    })
    .post("/api/v1/statuses/:id/unpin", async (c) => {
      const auth = requireUser(c, "write:accounts");
      return one(c, pin(social, pathId(c), auth.accountId, false), auth.accountId);
    })
    .get("/api/v1/statuses/:id/favourited_by", async (c) => {
      const viewerId = optionalViewer(c, "read:accounts");
      return paginated(
        c,
        (page) => listFavouritedBy(db, pathId(c), viewerId, page),
        (rows) => rows.map((row) => serializeAccount(row.account, serialize)),
      );
    })
    .get("/api/v1/statuses/:id/reblogged_by", async (c) => {
      const viewerId = optionalViewer(c, "read:accounts");
      return paginated(
        c,
        (page) => listRebloggedBy(db, pathId(c), viewerId, page),
        (rows) => rows.map((row) => serializeAccount(row.account, serialize)),
      );
    });
}
