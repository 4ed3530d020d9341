// Domain errors carry the HTTP status the API maps them to, so domain code stays free of HTTP
// while the API layer answers with Mastodon's `{"error": …}` and the right status.
export class DomainError extends Error {
  override name = "DomainError";
  readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: DomainError["status"], message: string, details?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

export const notFound = (what = "Record") => new DomainError(404, `${what} not found`);
export const forbidden = (message = "This action is not allowed") => new DomainError(403, message);
export const unprocessable = (message: string, details?: Record<string, unknown>) =>
  new DomainError(422, message, details);

/**
 * Postgres cannot hold NUL in text, nor a lone UTF-16 surrogate in jsonb (database errors, not
 * validation ones), so domain services refuse such text where they store or query it, whoever calls
 * them: the API, the assistant's tools, MCP.
 */
export function refuseUnstorableText(fields: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") {
      if (value.includes("\0"))
        throw unprocessable(`Validation failed: ${name} must not contain NUL characters`);
      if (!value.isWellFormed())
        throw unprocessable(`Validation failed: ${name} must be valid Unicode (it has a lone surrogate)`);
    } else if (Array.isArray(value)) {
      for (const item of value) refuseUnstorableText({ [name]: item });
    } else if (value && typeof value === "object" && !(value instanceof Blob)) {
      refuseUnstorableText(value as Record<string, unknown>);
    }
  }
}
