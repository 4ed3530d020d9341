// Follows, follow requests, blocks and mutes between accounts.
import { count, eq } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { followRequests } from "../db/schema.ts";

export async function countFollowRequests(db: Executor, accountId: bigint): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(followRequests)
    .where(eq(followRequests.targetAccountId, accountId));
  return row?.n ?? 0;
}
