// Errors leave the API as Mastodon's `{"error": "…"}` with the status Mastodon uses. Anything that
// is not a known error becomes a 500 with a generic message and a logged stack, never a leak.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError } from "../errors.ts";
import type { Logger } from "../log.ts";

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: ContentfulStatusCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: ContentfulStatusCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

/** Domain errors carry the status they map to; the API layer only reads it. */
interface StatusCarrying {
  status: number;
  message: string;
}

function hasStatus(err: unknown): err is StatusCarrying {
  return err instanceof Error && typeof (err as Partial<StatusCarrying>).status === "number";
}

export function errorBody(message: string, details?: Record<string, unknown>) {
  return details ? { error: message, details } : { error: message };
}

export function handleError(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof ApiError) return c.json(errorBody(err.message, err.details), err.status);
    if (err instanceof HTTPException) {
      return c.json(errorBody(err.message || "Request failed"), err.status as ContentfulStatusCode);
    }
    // Domain errors choose their status, 503 (a dependency such as an AI provider or an app is down) included.
    if (err instanceof DomainError) return c.json(errorBody(err.message, err.details), err.status);
    if (hasStatus(err) && err.status >= 400 && err.status < 500) {
      return c.json(errorBody(err.message), err.status as ContentfulStatusCode);
    }
    logger.error({ err, requestId: c.get("requestId") }, "unhandled error");
    return c.json(errorBody("Internal server error"), 500);
  };
}

export function notFound(c: Context) {
  return c.json(errorBody("Record not found"), 404);
}
