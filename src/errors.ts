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
