// The Mastodon entities this app reads, as the server serializes them (only the fields used).

export interface Field {
  name: string;
  value: string;
  verified_at: string | null;
}

export interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  locked: boolean;
  bot: boolean;
  note: string;
  url: string;
  avatar: string;
  header: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  created_at: string;
  fields: Field[];
  source?: { note: string; fields: Field[]; privacy?: Visibility; sensitive?: boolean; language?: string };
  role?: { name: string };
  /** Atelier: whether others may remix this account's generated images. */
  allow_remix?: boolean;
}

export type Visibility = "public" | "unlisted" | "private" | "direct";

export interface Generation {
  prompt?: string;
  model?: string;
  provider?: string;
  seed?: number;
  remix_of_id?: string;
}

export interface MediaAttachment {
  id: string;
  type: "image" | "gifv" | "video" | "audio" | "unknown";
  url: string | null;
  preview_url: string | null;
  description: string | null;
  blurhash: string | null;
  meta: {
    original?: { width?: number; height?: number };
    small?: { width?: number; height?: number };
    generation?: Generation;
  } | null;
}

export interface Mention {
  id: string;
  username: string;
  acct: string;
  url: string;
}

export interface Tag {
  name: string;
  url: string;
  following?: boolean;
}

export interface Status {
  id: string;
  url: string;
  created_at: string;
  edited_at: string | null;
  account: Account;
  content: string;
  visibility: Visibility;
  sensitive: boolean;
  spoiler_text: string;
  media_attachments: MediaAttachment[];
  mentions: Mention[];
  tags: Tag[];
  reblogs_count: number;
  favourites_count: number;
  replies_count: number;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  reblog: Status | null;
  language: string | null;
  ai_generated?: boolean;
  /** Atelier: the post whose generated image this post's media remix ("remix of @author"). */
  remix_of?: {
    id: string;
    url: string;
    account: { id: string | null; username: string; acct: string; url: string };
  } | null;
  favourited?: boolean;
  reblogged?: boolean;
  bookmarked?: boolean;
  text?: string;
}

export interface Context {
  ancestors: Status[];
  descendants: Status[];
}

export type NotificationType =
  | "mention"
  | "status"
  | "reblog"
  | "follow"
  | "follow_request"
  | "favourite"
  | "update"
  | "remix"
  | "admin.report";

export interface Notification {
  id: string;
  type: NotificationType;
  created_at: string;
  account: Account;
  status: Status | null;
}

export interface Relationship {
  id: string;
  following: boolean;
  followed_by: boolean;
  requested: boolean;
  blocking: boolean;
  muting: boolean;
}

export interface SearchResults {
  accounts: Account[];
  statuses: Status[];
  hashtags: Tag[];
}

export interface Instance {
  domain: string;
  title: string;
  description: string;
  contact: { account: Account | null };
  registrations: { enabled: boolean; approval_required: boolean };
  configuration: {
    statuses: { max_characters: number; max_media_attachments: number; characters_reserved_per_url: number };
    media_attachments: {
      supported_mime_types: string[];
      image_size_limit: number;
      description_limit: number;
    };
  };
}

export interface Token {
  access_token: string;
  token_type: string;
  scope: string;
  created_at: number;
}

export interface AppRegistration {
  client_id: string;
  client_secret: string;
  redirect_uri: string;
}

export interface StatusSource {
  id: string;
  text: string;
  spoiler_text: string;
}
