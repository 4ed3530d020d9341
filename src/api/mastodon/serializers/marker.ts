// The Marker entity, keyed by timeline name in responses.
import type { Marker } from "../../../social/markers.ts";

export function serializeMarkers(markers: Marker[]) {
  return Object.fromEntries(
    markers.map((m) => [
      m.timeline,
      { last_read_id: String(m.lastReadId), version: m.version, updated_at: m.updatedAt.toISOString() },
    ]),
  );
}
