// Renders stream payloads for their viewers, re-checking at delivery that each viewer may see the
// status (visibility rules, blocks, mutes) as things are now — not as they were when it was posted.
//
// One message may go to thousands of open streams, and per-viewer hydration would cost a handful of
// queries each (and, on PGlite's single connection, hold up every API request behind them). So a
// status is loaded and hydrated once, one query finds which viewers may see it together with their
// own flags (favourited, reblogged…), and the Status is serialized once per distinct set of flags.
import { eq, sql } from "drizzle-orm";
import { getImageGeneration } from "../ai/images/generations.ts";
import { serializeImageGeneration } from "../api/ai/serializers/image-generation.ts";
import { renderStatuses } from "../api/mastodon/render.ts";
import type { SerializeContext } from "../api/mastodon/serializers/context.ts";
import { serializeNotification } from "../api/mastodon/serializers/notification.ts";
import { serializeStatus } from "../api/mastodon/serializers/status.ts";
import { type Executor, queryRows } from "../db/client.ts";
import { accounts, statuses } from "../db/schema.ts";
import { DomainError } from "../errors.ts";
import { getNotification } from "../social/notifications.ts";
import { hydrateStatuses, type StatusView, type ViewerState } from "../social/statuses/hydrate.ts";
import type { Status } from "../social/statuses/read.ts";
import { entryVisibleTo, notFilteredFor } from "../social/visibility.ts";

export interface RenderedStatus {
  /** The Status entity as JSON text: Mastodon's stream payload is a string holding JSON. */
  json: string;
  hasMedia: boolean;
}

export interface StreamRenderer {
  /** Per viewer, the status as they would see it, or null where they must not get it. */
  status(statusId: bigint, viewerIds: bigint[]): Promise<Map<bigint, RenderedStatus | null>>;
  /** The Notification entity as JSON text, or null if it's gone or no longer shown. */
  notification(notificationId: bigint, viewerId: bigint): Promise<string | null>;
  /** An ImageGeneration as JSON text, for its owner only (null for anyone else). Optional for test renderers. */
  imageGeneration?(generationId: bigint, viewerId: bigint): Promise<string | null>;
}

type Mark = keyof ViewerState;

/**
 * The viewers who may see `status` and haven't blocked or muted its author (or the reblogged one),
 * each with their flags on the status a client acts on (the reblogged one, for a reblog): the same
 * four marks hydrateStatuses loads for one viewer. Suspended viewers get nothing, at once: their
 * open streams must not wait for the periodic token re-check to be closed.
 *
 * The marks are read by status, not probed per viewer: a status just posted has almost none, so
 * four index lookups beat four thousand probes for a thousand viewers.
 */
async function audience(
  db: Executor,
  status: Status,
  viewerIds: bigint[],
): Promise<Map<bigint, ViewerState>> {
  // The visibility builders take the viewer as a value; here it is each row of the viewer list.
  const viewer = sql`v.id` as unknown as bigint;
  const target = status.reblogOfId ?? status.id;
  const viewers = `{${viewerIds.join(",")}}`;
  const [allowed, marked] = await Promise.all([
    queryRows<{ id: string }>(
      db,
      sql`SELECT v.id::text AS id
          FROM unnest(${viewers}::bigint[]) AS v(id)
          WHERE NOT EXISTS (SELECT 1 FROM accounts va WHERE va.id = v.id AND va.suspended_at IS NOT NULL)
            AND EXISTS (
            SELECT 1 FROM statuses WHERE statuses.id = ${status.id}
              AND ${entryVisibleTo(viewer)} AND ${notFilteredFor(viewer)}
          )`,
    ),
    queryRows<{ mark: Mark; id: string }>(
      db,
      sql`WITH v(ids) AS (SELECT ${viewers}::bigint[])
          SELECT 'favourited' AS mark, account_id::text AS id FROM favourites, v
            WHERE status_id = ${target} AND account_id = ANY(v.ids)
          UNION ALL SELECT 'reblogged', account_id::text FROM statuses, v
            WHERE reblog_of_id = ${target} AND account_id = ANY(v.ids)
          UNION ALL SELECT 'bookmarked', account_id::text FROM bookmarks, v
            WHERE status_id = ${target} AND account_id = ANY(v.ids)
          UNION ALL SELECT 'pinned', account_id::text FROM pins, v
            WHERE status_id = ${target} AND account_id = ANY(v.ids)`,
    ),
  ]);
  const states = new Map<bigint, ViewerState>(
    allowed.map((r) => [
      BigInt(r.id),
      { favourited: false, reblogged: false, bookmarked: false, pinned: false },
    ]),
  );
  for (const { mark, id } of marked) {
    const state = states.get(BigInt(id));
    if (state) state[mark] = true;
  }
  return states;
}

/** The view as `state`'s owner sees it: a reblog's flags live on the reblogged status, as in hydrate. */
function asViewer(base: StatusView, state: ViewerState): StatusView {
  if (!base.reblog) return { ...base, viewer: state };
  return { ...base, viewer: { ...state, pinned: false }, reblog: { ...base.reblog, viewer: state } };
}

export function createStreamRenderer(db: Executor, ctx: SerializeContext): StreamRenderer {
  return {
    async status(statusId, viewerIds) {
      const viewers = [...new Set(viewerIds)];
      const result = new Map<bigint, RenderedStatus | null>(viewers.map((v) => [v, null]));
      const [status] = await db.select().from(statuses).where(eq(statuses.id, statusId));
      if (!status || !viewers.length) return result;
      // Together: who may see it, and the status as everyone sees it (the viewers' flags go on last).
      const [allowed, [base]] = await Promise.all([
        audience(db, status, viewers),
        hydrateStatuses(db, [status], null),
      ]);
      if (!allowed.size || !base) return result;
      const hasMedia = (base.reblog ?? base).media.length > 0;
      const byFlags = new Map<string, RenderedStatus>();
      for (const [viewer, state] of allowed) {
        const key = `${+state.favourited}${+state.reblogged}${+state.bookmarked}${+state.pinned}`;
        let rendered = byFlags.get(key);
        if (!rendered) {
          rendered = { json: JSON.stringify(serializeStatus(asViewer(base, state), ctx)), hasMedia };
          byFlags.set(key, rendered);
        }
        result.set(viewer, rendered);
      }
      return result;
    },

    async notification(notificationId, viewerId) {
      const [viewer] = await db
        .select({ suspendedAt: accounts.suspendedAt })
        .from(accounts)
        .where(eq(accounts.id, viewerId));
      if (!viewer || viewer.suspendedAt) return null;
      try {
        const entry = await getNotification(db, viewerId, notificationId);
        const [status] = entry.status ? await renderStatuses(db, ctx, [entry.status], viewerId) : [];
        return JSON.stringify(serializeNotification(entry.notification, entry.account, status ?? null, ctx));
      } catch (err) {
        if (err instanceof DomainError && err.status === 404) return null;
        throw err;
      }
    },

    async imageGeneration(generationId, viewerId) {
      try {
        return JSON.stringify(
          serializeImageGeneration(await getImageGeneration(db, generationId, viewerId), ctx),
        );
      } catch (err) {
        if (err instanceof DomainError && err.status === 404) return null;
        throw err;
      }
    },
  };
}
