// Mastodon's stream names, mapped to the pub/sub channels that feed them. Every account is local,
// so `public:local` carries what `public` does and the `:remote` streams stay silent.
import { scopeAllows } from "../auth/scopes.ts";
import { channels, type StreamEvent } from "./channels.ts";

export interface StreamSource {
  channel: string;
  events: ReadonlySet<StreamEvent>;
}

export interface StreamSpec {
  /** Identifies the subscription for unsubscribe and de-duplication, e.g. "hashtag:cats". */
  key: string;
  /** The `stream` array of each outgoing message, e.g. ["hashtag", "Cats"]. */
  label: string[];
  sources: StreamSource[];
  onlyMedia: boolean;
}

export class StreamError extends Error {
  override name = "StreamError";
  readonly status: 400 | 401;
  constructor(status: 400 | 401, message: string) {
    super(message);
    this.status = status;
  }
}

const STATUS_EVENTS: ReadonlySet<StreamEvent> = new Set(["update", "status.update", "delete"]);
const NOTIFICATION_EVENTS: ReadonlySet<StreamEvent> = new Set(["notification"]);
const DELETES: ReadonlySet<StreamEvent> = new Set(["delete"]);
/** The user stream also hears its owner's image generations, which travel on the notifications channel. */
const NOTIFICATION_AND_AI_EVENTS: ReadonlySet<StreamEvent> = new Set(["notification", "ai.image"]);

const MAX_TAG_LENGTH = 256;

const PUBLIC_STREAMS = new Set([
  "public",
  "public:media",
  "public:local",
  "public:local:media",
  "public:remote",
  "public:remote:media",
  "hashtag",
  "hashtag:local",
]);

export const STREAM_NAMES: readonly string[] = ["user", "user:notification", ...PUBLIC_STREAMS];

/** Mastodon's rule: `read` opens every stream; else `read:notifications` or `read:statuses` as fits. */
export function checkStreamScope(name: string, scopes: readonly string[]): void {
  if (PUBLIC_STREAMS.has(name)) return;
  const needed = name === "user:notification" ? "read:notifications" : "read:statuses";
  if (!scopeAllows(scopes, needed)) {
    throw new StreamError(401, "Access token does not have the required scopes");
  }
}

export interface StreamParams {
  tag?: string | undefined;
}

/** The spec for stream `name` as `accountId` sees it; a StreamError for an unknown name or missing tag. */
export function resolveStream(name: string, params: StreamParams, accountId: bigint): StreamSpec {
  const spec = (sources: StreamSource[], onlyMedia = false): StreamSpec => ({
    key: name,
    label: [name],
    sources,
    onlyMedia,
  });
  switch (name) {
    case "user":
      return spec([
        { channel: channels.timeline(accountId), events: STATUS_EVENTS },
        { channel: channels.notifications(accountId), events: NOTIFICATION_AND_AI_EVENTS },
      ]);
    case "user:notification":
      return spec([{ channel: channels.notifications(accountId), events: NOTIFICATION_EVENTS }]);
    case "public":
    case "public:media":
      return spec([{ channel: channels.public, events: STATUS_EVENTS }], name.endsWith(":media"));
    case "public:local":
    case "public:local:media":
      return spec([{ channel: channels.publicLocal, events: STATUS_EVENTS }], name.endsWith(":media"));
    case "public:remote":
    case "public:remote:media":
      return spec([]);
    case "hashtag":
    case "hashtag:local": {
      const tag = params.tag?.replace(/^#/, "").trim();
      if (!tag || tag.length > MAX_TAG_LENGTH) throw new StreamError(400, "No tag for stream provided");
      return {
        key: `${name}:${tag.toLowerCase()}`,
        label: [name, params.tag!],
        sources: [
          { channel: channels.hashtag(tag), events: STATUS_EVENTS },
          // A deleted status's tags are gone with it, so its delete only goes out on the public channel.
          { channel: channels.public, events: DELETES },
        ],
        onlyMedia: false,
      };
    }
    default:
      throw new StreamError(400, "Unknown stream type");
  }
}
