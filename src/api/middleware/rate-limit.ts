// Request rate limits like Mastodon's: a budget per access token (or per IP for anonymous calls)
// over a fixed window, stricter budgets for costly actions, X-RateLimit-* headers on every answer
// and 429 with Mastodon's message when spent. RATE_LIMIT=off disables them (tests, benchmarks).
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { sha256 } from "../../auth/oauth.ts";
import { bearerToken } from "./auth.ts";

export interface RateLimitRule {
  /** Distinguishes counters of different rules. */
  name: string;
  limit: number;
  windowMs: number;
  /** Which requests the rule counts. */
  applies(c: Context): boolean;
  /** Per IP (registrations) or per token-or-IP (everything else). */
  by: "ip" | "token";
}

/** Counts hits per key in fixed windows. In memory per process; a shared store can replace it. */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
}

export function memoryRateLimitStore(maxKeys = 100_000): RateLimitStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, windowMs) {
      const now = Date.now();
      let entry = windows.get(key);
      if (!entry || entry.resetAt <= now) {
        entry = { count: 0, resetAt: now + windowMs };
        windows.set(key, entry);
        if (windows.size > maxKeys) {
          for (const [k, v] of windows) if (v.resetAt <= now || windows.size > maxKeys) windows.delete(k);
        }
      }
      entry.count++;
      return { count: entry.count, resetAt: entry.resetAt };
    },
  };
}

const FIVE_MINUTES = 5 * 60_000;
const THIRTY_MINUTES = 30 * 60_000;

export function mastodonRules(requestsPerWindow: number): RateLimitRule[] {
  const post = (path: RegExp) => (c: Context) => c.req.method === "POST" && path.test(c.req.path);
  return [
    { name: "api", limit: requestsPerWindow, windowMs: FIVE_MINUTES, applies: () => true, by: "token" },
    { name: "signup", limit: 5, windowMs: THIRTY_MINUTES, applies: post(/^\/api\/v1\/accounts$/), by: "ip" },
    {
      name: "media",
      limit: 30,
      windowMs: THIRTY_MINUTES,
      applies: post(/^\/api\/v[12]\/media$/),
      by: "token",
    },
    {
      name: "delete",
      limit: 30,
      windowMs: THIRTY_MINUTES,
      applies: (c) => c.req.method === "DELETE" && /^\/api\/v1\/statuses\/\d+$/.test(c.req.path),
      by: "token",
    },
    {
      name: "login",
      limit: 25,
      windowMs: FIVE_MINUTES,
      applies: post(/^\/oauth\/(authorize|token)$/),
      by: "ip",
    },
  ];
}

function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function rateLimit(options: {
  rules: RateLimitRule[];
  store: RateLimitStore;
  trustProxy: boolean;
}): MiddlewareHandler {
  return async (c, next) => {
    const ip = clientIp(c, options.trustProxy);
    const token = bearerToken(c);
    let shown: { limit: number; remaining: number; resetAt: number } | null = null;
    for (const rule of options.rules) {
      if (!rule.applies(c)) continue;
      const who = rule.by === "token" && token ? `t:${sha256(token)}` : `ip:${ip}`;
      const { count, resetAt } = await options.store.hit(`${rule.name}:${who}`, rule.windowMs);
      const remaining = Math.max(rule.limit - count, 0);
      if (!shown || remaining < shown.remaining) shown = { limit: rule.limit, remaining, resetAt };
      if (count > rule.limit) {
        setHeaders(c, shown);
        c.header("Retry-After", String(Math.ceil((resetAt - Date.now()) / 1000)));
        return c.json({ error: "Too many requests" }, 429);
      }
    }
    await next();
    if (shown) setHeaders(c, shown);
  };
}

function setHeaders(c: Context, state: { limit: number; remaining: number; resetAt: number }) {
  c.header("X-RateLimit-Limit", String(state.limit));
  c.header("X-RateLimit-Remaining", String(state.remaining));
  c.header("X-RateLimit-Reset", new Date(state.resetAt).toISOString());
}
