// /api/v1/notifications: list (types, exclude_types, account_id, pagination), get, dismiss, clear
// and the unread count against the notifications read marker.
import { Hono } from "hono";
import { z } from "zod";
import type { Executor } from "../../db/client.ts";
import {
  clearNotifications,
  countUnread,
  dismissNotification,
  getNotification,
  listNotifications,
  type NotificationEntry,
} from "../../social/notifications.ts";
import type { Status } from "../../social/statuses/read.ts";
import type { ApiDeps } from "../deps.ts";
import { requireUser } from "../middleware/auth.ts";
import { p, parseQuery, pathId } from "../params.ts";
import { paginated } from "./pagination.ts";
import { renderStatuses } from "./render.ts";
import type { SerializeContext } from "./serializers/context.ts";
import { serializeNotification } from "./serializers/notification.ts";

const typeList = p.array(p.string(50), 50).optional();
// p.id() admits 19 digits; past the bigint range an id can name nothing (and must not reach SQL).
// Compared as text: zod runs this even when p.id()'s own check failed, so it must not throw.
const withinBigint = (v: string) => v.length < 19 || v <= "9223372036854775807";
const accountId = p.id().refine(withinBigint, { error: "must be an id" });
const filterSchema = z.object({ types: typeList, exclude_types: typeList, account_id: accountId.optional() });
const unreadSchema = filterSchema.extend({ limit: p.int(1, 1000).optional() });

function toFilter(query: z.output<typeof filterSchema>) {
  return {
    types: query.types,
    excludeTypes: query.exclude_types,
    fromAccountId: query.account_id ? BigInt(query.account_id) : undefined,
  };
}

/** Serializes notifications, hydrating their statuses in one batch for the recipient. */
async function renderNotifications(
  db: Executor,
  ctx: SerializeContext,
  entries: NotificationEntry[],
  recipientId: bigint,
) {
  const withStatus = entries.map((e) => e.status).filter((s): s is Status => s !== null);
  const rendered = await renderStatuses(db, ctx, withStatus, recipientId);
  const byId = new Map(rendered.map((status) => [status.id, status]));
  return entries.map((e) =>
    serializeNotification(
      e.notification,
      e.account,
      e.status ? (byId.get(String(e.status.id)) ?? null) : null,
      ctx,
      e.report,
    ),
  );
}

export function notificationsRoutes(deps: ApiDeps) {
  const { social, serialize } = deps;
  const { db } = social;

  return new Hono()
    .get("/api/v1/notifications", async (c) => {
      const auth = requireUser(c, "read:notifications");
      const filter = toFilter(parseQuery(c, filterSchema));
      return paginated(
        c,
        (page) => listNotifications(db, auth.accountId, filter, page),
        (rows) => renderNotifications(db, serialize, rows, auth.accountId),
        { defaultLimit: 40, maxLimit: 80 },
      );
    })
    .get("/api/v1/notifications/unread_count", async (c) => {
      const auth = requireUser(c, "read:notifications");
      const query = parseQuery(c, unreadSchema);
      const count = await countUnread(db, auth.accountId, toFilter(query), query.limit ?? 100);
      return c.json({ count });
    })
    .post("/api/v1/notifications/clear", async (c) => {
      const auth = requireUser(c, "write:notifications");
      await clearNotifications(db, auth.accountId);
      return c.json({});
    })
    .get("/api/v1/notifications/:id", async (c) => {
      const auth = requireUser(c, "read:notifications");
      const entry = await getNotification(db, auth.accountId, pathId(c));
      const [rendered] = await renderNotifications(db, serialize, [entry], auth.accountId);
      return c.json(rendered);
    })
    .post("/api/v1/notifications/:id/dismiss", async (c) => {
      const auth = requireUser(c, "write:notifications");
      await dismissNotification(db, auth.accountId, pathId(c));
      return c.json({});
    });
}
