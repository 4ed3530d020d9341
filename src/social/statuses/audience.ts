// Who favourited or reblogged a status, newest first, paginated by the favourite/reblog id.
import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { accounts, favourites, statuses } from "../../db/schema.ts";
import type { Account } from "../accounts.ts";
import { newestFirst, type Paged, type PageRequest, pageConditions, pageOrder } from "../pagination.ts";
import { getVisibleStatus } from "./read.ts";

export interface AccountEntry extends Paged {
  account: Account;
}

export async function listFavouritedBy(
  db: Executor,
  statusId: bigint,
  viewerId: bigint | null,
  page: PageRequest,
): Promise<AccountEntry[]> {
  await getVisibleStatus(db, statusId, viewerId);
  const rows = await db
    .select({ cursor: favourites.id, account: accounts })
    .from(favourites)
    .innerJoin(accounts, eq(accounts.id, favourites.accountId))
    .where(
      and(
        eq(favourites.statusId, statusId),
        isNull(accounts.suspendedAt),
        pageConditions(favourites.id, page),
      ),
    )
    .orderBy(pageOrder(favourites.id, page))
    .limit(page.limit);
  return newestFirst(rows, page);
}

export async function listRebloggedBy(
  db: Executor,
  statusId: bigint,
  viewerId: bigint | null,
  page: PageRequest,
): Promise<AccountEntry[]> {
  await getVisibleStatus(db, statusId, viewerId);
  const rows = await db
    .select({ cursor: statuses.id, account: accounts })
    .from(statuses)
    .innerJoin(accounts, eq(accounts.id, statuses.accountId))
    .where(
      and(eq(statuses.reblogOfId, statusId), isNull(accounts.suspendedAt), pageConditions(statuses.id, page)),
    )
    .orderBy(pageOrder(statuses.id, page))
    .limit(page.limit);
  return newestFirst(rows, page);
}
