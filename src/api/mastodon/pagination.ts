// Parses max_id/since_id/min_id/limit and writes the Link header exactly as Mastodon does:
// rel="next" pages to older items (max_id), rel="prev" to newer ones (min_id).
import type { Context } from "hono";
import type { Paged, PageRequest } from "../../social/pagination.ts";
import { ApiError } from "../errors.ts";
import { isId } from "../params.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** Set by the app so links point at PUBLIC_URL, not whatever host a proxy forwarded. */
    publicUrl: string;
  }
}

export function readPage(c: Context, defaultLimit = 20, maxLimit = 40): PageRequest {
  const read = (name: string): bigint | undefined => {
    const value = c.req.query(name);
    if (value === undefined || value === "") return undefined;
    if (!isId(value)) throw new ApiError(422, `Validation failed: ${name} must be an id`);
    return BigInt(value);
  };
  const rawLimit = c.req.query("limit");
  let limit = defaultLimit;
  if (rawLimit !== undefined && rawLimit !== "") {
    const n = Number(rawLimit);
    if (!Number.isInteger(n) || n < 1)
      throw new ApiError(422, "Validation failed: limit must be a positive whole number");
    limit = Math.min(n, maxLimit);
  }
  return { maxId: read("max_id"), sinceId: read("since_id"), minId: read("min_id"), limit };
}

export function linkHeader(c: Context, items: Paged[]): string | null {
  if (!items.length) return null;
  const url = new URL(c.req.url);
  const base = `${c.get("publicUrl") ?? url.origin}${url.pathname}`;
  const make = (param: "max_id" | "min_id", cursor: bigint) => {
    const params = new URLSearchParams(url.search);
    for (const name of ["max_id", "min_id", "since_id"]) params.delete(name);
    params.set(param, String(cursor));
    return `${base}?${params.toString()}`;
  };
  const next = make("max_id", items.at(-1)!.cursor);
  const prev = make("min_id", items[0]!.cursor);
  return `<${next}>; rel="next", <${prev}>; rel="prev"`;
}

/** Runs a paginated domain query and answers with the serialized page and its Link header. */
export async function paginated<T extends Paged>(
  c: Context,
  load: (page: PageRequest) => Promise<T[]>,
  render: (rows: T[]) => unknown[] | Promise<unknown[]>,
  limits: { defaultLimit?: number; maxLimit?: number } = {},
) {
  const rows = await load(readPage(c, limits.defaultLimit, limits.maxLimit));
  const link = linkHeader(c, rows);
  if (link) c.header("Link", link);
  return c.json(await render(rows));
}
