// Read positions ("markers") in the home timeline and notifications, synced between a user's
// clients. `version` counts changes like Mastodon's lock_version: a save that moves nothing keeps it.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { markers } from "../db/schema.ts";

export type Marker = typeof markers.$inferSelect;
export type MarkerTimeline = Marker["timeline"];
export const MARKER_TIMELINES: readonly MarkerTimeline[] = ["home", "notifications"];

export async function getMarkers(
  db: Executor,
  accountId: bigint,
  timelines: MarkerTimeline[],
): Promise<Marker[]> {
  if (!timelines.length) return [];
  return db
    .select()
    .from(markers)
    .where(and(eq(markers.accountId, accountId), inArray(markers.timeline, timelines)));
}

export async function saveMarkers(
  db: Executor,
  accountId: bigint,
  positions: { timeline: MarkerTimeline; lastReadId: bigint }[],
): Promise<Marker[]> {
  if (!positions.length) return [];
  await db
    .insert(markers)
    .values(positions.map((p) => ({ accountId, timeline: p.timeline, lastReadId: p.lastReadId })))
    .onConflictDoUpdate({
      target: [markers.accountId, markers.timeline],
      set: {
        lastReadId: sql`excluded.last_read_id`,
        version: sql`${markers.version} + 1`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${markers.lastReadId} IS DISTINCT FROM excluded.last_read_id`,
    });
  return getMarkers(
    db,
    accountId,
    positions.map((p) => p.timeline),
  );
}
