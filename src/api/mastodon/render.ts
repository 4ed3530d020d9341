// Hydrate-then-serialize helpers shared by every route that returns statuses or accounts.
import type { Executor } from "../../db/client.ts";
import { hydrateStatuses } from "../../social/statuses/hydrate.ts";
import type { Status } from "../../social/statuses/read.ts";
import type { SerializeContext } from "./serializers/context.ts";
import { serializeStatus } from "./serializers/status.ts";

export async function renderStatuses(
  db: Executor,
  ctx: SerializeContext,
  statuses: Status[],
  viewerId: bigint | null,
) {
  const views = await hydrateStatuses(db, statuses, viewerId);
  return views.map((view) => serializeStatus(view, ctx));
}

export async function renderStatus(
  db: Executor,
  ctx: SerializeContext,
  status: Status,
  viewerId: bigint | null,
  options: { source?: boolean } = {},
) {
  const [view] = await hydrateStatuses(db, [status], viewerId);
  return serializeStatus(view!, ctx, options);
}
