// The pub/sub contract between the publisher and the streaming endpoints: channel names and the
// compact messages on them. Messages carry ids only: every connection renders (and re-checks
// visibility) for its own viewer, so nothing rendered for one person is ever sent to another.

export const channels = {
  /** A home timeline. */
  timeline: (accountId: bigint | string) => `timeline:${accountId}`,
  /** A person's notifications, and their image generations' progress (`ai.image`, user stream only). */
  notifications: (accountId: bigint | string) => `notifications:${accountId}`,
  public: "public",
  publicLocal: "public:local",
  hashtag: (tag: string) => `hashtag:${tag.toLowerCase()}`,
} as const;

/** `ai.image` is Atelier's own (an ImageGeneration); Mastodon clients ignore events they don't know. */
export type StreamEvent = "update" | "status.update" | "delete" | "notification" | "ai.image";

export type RealtimeMessage =
  | { event: "update" | "status.update" | "delete"; id: string }
  | { event: "notification"; id: string }
  | { event: "ai.image"; id: string };

const EVENTS: ReadonlySet<string> = new Set([
  "update",
  "status.update",
  "delete",
  "notification",
  "ai.image",
]);

export function encodeMessage(message: RealtimeMessage): string {
  return JSON.stringify(message);
}

/** Null for anything malformed (another version of the server, or noise on a shared Redis). */
export function decodeMessage(raw: string): RealtimeMessage | null {
  try {
    const value = JSON.parse(raw) as { event?: unknown; id?: unknown };
    if (typeof value.event !== "string" || !EVENTS.has(value.event)) return null;
    if (typeof value.id !== "string" || !/^\d{1,20}$/.test(value.id)) return null;
    return value as RealtimeMessage;
  } catch {
    return null;
  }
}
