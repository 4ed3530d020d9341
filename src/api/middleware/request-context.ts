// Gives every request an id (echoed as X-Request-Id), logs it once when it ends, and records metrics.
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../metrics.ts";

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
    log: Logger;
  }
}

export function requestContext(logger: Logger, metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    const started = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    const seconds = (performance.now() - started) / 1000;
    const route = routePath(c, -1) || "unmatched";
    const status = c.res.status;
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    if (log.isLevelEnabled("debug") || status >= 500) {
      log[status >= 500 ? "error" : "debug"](
        { method: c.req.method, path: c.req.path, status, ms: Math.round(seconds * 1000) },
        "request",
      );
    }
  };
}
