// Reads request parameters the way Mastodon (Rails) does: query string, JSON, urlencoded or
// multipart bodies, with `a[]=1&a[]=2` arrays and `f[0][name]=x` nested hashes, then validates them
// with zod. Malformed bodies are a 400; invalid values a 422 naming the parameter.
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { refuseUnstorableText } from "../errors.ts";
import { ApiError } from "./errors.ts";

type Params = Record<string, unknown>;

const MAX_BIGINT = 9223372036854775807n;

/** A Mastodon id: decimal digits that fit Postgres' bigint. */
export function isId(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;
}

/** Sets `key` (Rails-style, e.g. `fields_attributes[0][name]` or `media_ids[]`) in `target`. */
function assign(target: Params, key: string, value: unknown): void {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) {
    target[key] = value;
    return;
  }
  const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
  let node: Record<string, unknown> | unknown[] = target;
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!;
    const last = i === path.length - 1;
    const nextIsArray = path[i + 1] === "";
    if (Array.isArray(node)) {
      if (last) node.push(value);
      else {
        const child = nextIsArray ? [] : {};
        node.push(child);
        node = child as Params;
      }
      continue;
    }
    if (part === "__proto__" || part === "constructor" || part === "prototype") return;
    if (last) {
      node[part] = value;
    } else {
      const existing: unknown = node[part];
      const child: Params | unknown[] =
        existing && typeof existing === "object" ? (existing as Params) : nextIsArray ? [] : {};
      node[part] = child;
      node = child;
    }
  }
}

function fromEntries(entries: Iterable<[string, unknown]>): Params {
  const out: Params = {};
  for (const [key, value] of entries) assign(out, key, value);
  return out;
}

/** Refuses URLs carrying an encoded NUL anywhere (path or query) before any route sees them. */
export const rejectNulInUrl: MiddlewareHandler = async (c, next) => {
  if (/%00/i.test(c.req.url)) throw new ApiError(400, "The URL must not contain NUL characters");
  await next();
};

/** Query parameters, Rails-style. */
export function queryParams(c: Context): Params {
  const params = fromEntries(new URL(c.req.url).searchParams.entries());
  refuseUnstorableText(params); // Postgres text cannot hold NUL: refused up front (a 422)
  return params;
}

/** Query and body parameters merged (body wins), for any content type Mastodon accepts. */
export async function requestParams(c: Context): Promise<Params> {
  const query = queryParams(c);
  if (c.req.method === "GET" || c.req.method === "HEAD") return query;
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) {
    const text = await c.req.text();
    if (!text.trim()) return query;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new ApiError(400, `The request body is not valid JSON: ${(err as Error).message}`);
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      throw new ApiError(400, "The request body must be a JSON object");
    }
    refuseUnstorableText(body as Params);
    return { ...query, ...(body as Params) };
  }
  if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw new ApiError(400, "The request body could not be parsed as form data");
    }
    const fields = fromEntries(form.entries());
    refuseUnstorableText(fields);
    return { ...query, ...fields };
  }
  return query;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join(".") || "parameters";
  return `${name} ${issue.message}`;
}

/** Validates `params` against `schema`; a failure is a 422 naming each bad parameter. */
export function validate<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const result = schema.safeParse(params);
  if (!result.success) {
    const messages = result.error.issues.map(describeIssue);
    throw new ApiError(422, `Validation failed: ${messages.join(", ")}`);
  }
  return result.data;
}

export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return validate(schema, await requestParams(c));
}

export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return validate(schema, queryParams(c));
}

// Parameter types as clients send them: form posts carry booleans and numbers as strings.
export const p = {
  bool: () =>
    z.preprocess(
      (v) => {
        if (v === "true" || v === "1" || v === "on" || v === 1) return true;
        if (v === "false" || v === "0" || v === "off" || v === 0 || v === "") return false;
        return v;
      },
      z.boolean({ error: "must be true or false" }),
    ),
  int: (min: number, max: number) =>
    z.preprocess(
      (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
      z
        .number({ error: "must be a number" })
        .int({ error: "must be a whole number" })
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    ),
  /** A Mastodon id: a decimal string of a 64-bit number. */
  id: () =>
    z.preprocess(
      (v) => (typeof v === "number" ? String(v) : v),
      z.string({ error: "must be an id" }).refine(isId, { error: "must be an id" }),
    ),
  string: (max: number) =>
    z.string({ error: "must be a string" }).max(max, { error: `is too long (maximum is ${max} characters)` }),
  /** `a[]=x` arrives as an array; a lone `a=x` as a string: accept both. */
  array: <T extends z.ZodType>(item: T, max: number) =>
    z.preprocess(
      (v) => (v === undefined || Array.isArray(v) ? v : typeof v === "object" && v ? Object.values(v) : [v]),
      z.array(item).max(max, { error: `has too many items (maximum is ${max})` }),
    ),
};

/** Parses a path id; unknown or malformed ids are a 404 like Mastodon's. */
export function pathId(c: Context, name = "id"): bigint {
  const raw = c.req.param(name);
  if (!raw || !isId(raw)) throw new ApiError(404, "Record not found");
  return BigInt(raw);
}
