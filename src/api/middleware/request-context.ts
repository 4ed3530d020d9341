// Gives every request an id (echoed as X-Request-Id), logs it once when it ends, and records metrics.
import { randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../metrics.ts";

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
  }
}

/** The path pattern of the route that answered (middleware are registered with "*" or as ALL). */
function handlerRoute(c: Context): string {
  const handler = matchedRoutes(c).findLast((r) => r.method !== "ALL" && !r.path.endsWith("*"));
  return handler?.path ?? "unmatched";
}

export function requestContext(logger: Logger, metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    // Set before the handler runs: touching the response afterwards costs a Response rebuild.
    c.header("X-Request-Id", requestId);
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = handlerRoute(c);
    const status = c.res.status;
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    if (status >= 500 || logger.isLevelEnabled("debug")) {
      logger[status >= 500 ? "error" : "debug"](
        { requestId, method: c.req.method, path: c.req.path, status, ms: Math.round(seconds * 1000) },
        "request",
      );
    }
  };
}
