// A refused upload. The API layer's error handler reads `status` and answers `{"error": message}`,
// so the message is written for the person who chose the file.
//
// Mastodon answers every unusable upload (wrong type, too large, unreadable) with 422 and a
// validation message, and clients show that message; Atelier does the same. 413 and 415 stay in the
// type for callers that want them (e.g. a proxy-level body limit), but this module uses 422.
export type MediaErrorStatus = 413 | 415 | 422;

export class MediaError extends Error {
  override name = "MediaError";
  readonly status: MediaErrorStatus;

  constructor(message: string, status: MediaErrorStatus = 422) {
    super(message);
    this.status = status;
  }
}
