// Mastodon's id-based pagination: max_id (older than), since_id (newer than, newest first),
// min_id (newer than, immediately after — oldest first, then presented newest first).
import { and, asc, desc, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

export interface PageRequest {
  maxId?: bigint | undefined;
  sinceId?: bigint | undefined;
  minId?: bigint | undefined;
  limit: number;
}

/** Every item of a paginated list carries the id it is paginated by. */
export interface Paged {
  cursor: bigint;
}

export function pageConditions(column: PgColumn | SQL, page: PageRequest): SQL | undefined {
  return and(
    page.maxId !== undefined ? sql`${column} < ${page.maxId}` : undefined,
    page.sinceId !== undefined ? sql`${column} > ${page.sinceId}` : undefined,
    page.minId !== undefined ? sql`${column} > ${page.minId}` : undefined,
  );
}

export function pageOrder(column: PgColumn | SQL, page: PageRequest): SQL {
  return page.minId !== undefined ? asc(column) : desc(column);
}

/** Rows fetched in pageOrder, returned newest first as the API presents them. */
export function newestFirst<T>(rows: T[], page: PageRequest): T[] {
  return page.minId !== undefined ? rows.reverse() : rows;
}
