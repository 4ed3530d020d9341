// /api/v1/markers: where a user stopped reading home and notifications, shared by their clients.
import { Hono } from "hono";
import { z } from "zod";
import { getMarkers, MARKER_TIMELINES, type MarkerTimeline, saveMarkers } from "../../social/markers.ts";
import type { ApiDeps } from "../deps.ts";
import { requireUser } from "../middleware/auth.ts";
import { p, parseBody, parseQuery } from "../params.ts";
import { serializeMarkers } from "./serializers/marker.ts";

// p.id() admits 19 digits; the marker column is a bigint. Compared as text: zod runs this even
// when p.id()'s own check failed, so it must not throw.
const withinBigint = (v: string) => v.length < 19 || v <= "9223372036854775807";
const lastReadId = p.id().refine(withinBigint, { error: "must be an id" });
const position = z.object({ last_read_id: lastReadId }).optional();
const saveSchema = z.object({ home: position, notifications: position });
const readSchema = z.object({ timeline: p.array(p.string(50), 10).optional() });

const isTimeline = (name: string): name is MarkerTimeline =>
  MARKER_TIMELINES.includes(name as MarkerTimeline);

export function markersRoutes(deps: ApiDeps) {
  const { db } = deps.social;
  return new Hono()
    .get("/api/v1/markers", async (c) => {
      const auth = requireUser(c, "read:statuses");
      const timelines = (parseQuery(c, readSchema).timeline ?? []).filter(isTimeline);
      return c.json(serializeMarkers(await getMarkers(db, auth.accountId, [...new Set(timelines)])));
    })
    .post("/api/v1/markers", async (c) => {
      const auth = requireUser(c, "write:statuses");
      const body = await parseBody(c, saveSchema);
      const positions = MARKER_TIMELINES.flatMap((timeline) => {
        const id = body[timeline]?.last_read_id;
        return id ? [{ timeline, lastReadId: BigInt(id) }] : [];
      });
      return c.json(serializeMarkers(await saveMarkers(db, auth.accountId, positions)));
    });
}
