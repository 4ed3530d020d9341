// Tables of the social core: accounts and their credentials, OAuth, statuses and everything that
// hangs off them, the per-user home feed (fan-out on write), notifications and moderation.
// Counters (followers_count, replies_count, …) are kept on the rows so timelines never count.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  type PgColumnBuilderBase,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const id = (name = "id") => bigint(name, { mode: "bigint" });
const ts = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => ts("created_at").notNull().defaultNow();

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export type Visibility = "public" | "unlisted" | "private" | "direct";
export interface ProfileField {
  name: string;
  value: string;
  verified_at: string | null;
}

export const accounts = pgTable(
  "accounts",
  {
    id: id().primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull().default(""),
    note: text("note").notNull().default(""),
    fields: jsonb("fields").$type<ProfileField[]>().notNull().default(sql`'[]'::jsonb`),
    /** Media-store keys of the processed avatar and header images. */
    avatarKey: text("avatar_key"),
    headerKey: text("header_key"),
    locked: boolean("locked").notNull().default(false),
    bot: boolean("bot").notNull().default(false),
    discoverable: boolean("discoverable").notNull().default(true),
    /** Authors may turn off remixing of their generated images (AI issue). */
    allowRemix: boolean("allow_remix").notNull().default(true),
    followersCount: integer("followers_count").notNull().default(0),
    followingCount: integer("following_count").notNull().default(0),
    statusesCount: integer("statuses_count").notNull().default(0),
    lastStatusAt: ts("last_status_at"),
    suspendedAt: ts("suspended_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    search: tsvector("search").generatedAlwaysAs(sql`to_tsvector('simple', username || ' ' || display_name)`),
  },
  (t) => [
    uniqueIndex("accounts_username_lower_idx").on(sql`lower(${t.username})`),
    index("accounts_search_idx").using("gin", t.search),
    // Every visibility check excludes suspended authors; without this it scanned all accounts.
    index("accounts_suspended_idx").on(t.id).where(sql`${t.suspendedAt} IS NOT NULL`),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id().primaryKey(),
    accountId: id("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "moderator", "user"] })
      .notNull()
      .default("user"),
    approved: boolean("approved").notNull().default(true),
    locale: text("locale").notNull().default("en"),
    /** Posting defaults (Mastodon's Source entity). */
    defaultVisibility: text("default_visibility").$type<Visibility>().notNull().default("public"),
    defaultSensitive: boolean("default_sensitive").notNull().default(false),
    defaultLanguage: text("default_language"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`),
    uniqueIndex("users_account_idx").on(t.accountId),
  ],
);

export const oauthApps = pgTable(
  "oauth_apps",
  {
    id: id().primaryKey(),
    name: text("name").notNull(),
    website: text("website"),
    redirectUris: text("redirect_uris").array().notNull(),
    scopes: text("scopes").notNull(),
    clientId: text("client_id").notNull(),
    clientSecret: text("client_secret").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("oauth_apps_client_id_idx").on(t.clientId)],
);

/** Authorization codes live minutes and are single use; only their SHA-256 is stored. */
export const oauthCodes = pgTable("oauth_codes", {
  codeHash: text("code_hash").primaryKey(),
  appId: id("app_id")
    .notNull()
    .references(() => oauthApps.id, { onDelete: "cascade" }),
  userId: id("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  redirectUri: text("redirect_uri").notNull(),
  scopes: text("scopes").notNull(),
  codeChallenge: text("code_challenge"),
  codeChallengeMethod: text("code_challenge_method"),
  expiresAt: ts("expires_at").notNull(),
  createdAt: createdAt(),
});

/** Access tokens; only SHA-256 hashes are stored so a database leak leaks no usable token. */
export const oauthTokens = pgTable(
  "oauth_tokens",
  {
    id: id().primaryKey(),
    tokenHash: text("token_hash").notNull(),
    refreshTokenHash: text("refresh_token_hash"),
    appId: id("app_id")
      .notNull()
      .references(() => oauthApps.id, { onDelete: "cascade" }),
    /** Null for client_credentials tokens, which act for the app alone. */
    userId: id("user_id").references(() => users.id, { onDelete: "cascade" }),
    scopes: text("scopes").notNull(),
    createdAt: createdAt(),
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
    lastUsedAt: ts("last_used_at"),
  },
  (t) => [
    uniqueIndex("oauth_tokens_token_idx").on(t.tokenHash),
    uniqueIndex("oauth_tokens_refresh_idx").on(t.refreshTokenHash),
    index("oauth_tokens_user_idx").on(t.userId),
  ],
);

export const statuses = pgTable(
  "statuses",
  {
    id: id().primaryKey(),
    accountId: id("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** What the author typed; `content` is its rendered, escaped HTML. */
    text: text("text").notNull().default(""),
    content: text("content").notNull().default(""),
    spoilerText: text("spoiler_text").notNull().default(""),
    visibility: text("visibility").$type<Visibility>().notNull().default("public"),
    sensitive: boolean("sensitive").notNull().default(false),
    language: text("language"),
    inReplyToId: id("in_reply_to_id"),
    inReplyToAccountId: id("in_reply_to_account_id"),
    reblogOfId: id("reblog_of_id"),
    /** The root of the thread, so a whole conversation is one indexed lookup. */
    threadRootId: id("thread_root_id"),
    applicationId: id("application_id"),
    aiGenerated: boolean("ai_generated").notNull().default(false),
    repliesCount: integer("replies_count").notNull().default(0),
    reblogsCount: integer("reblogs_count").notNull().default(0),
    favouritesCount: integer("favourites_count").notNull().default(0),
    createdAt: createdAt(),
    editedAt: ts("edited_at"),
    search: tsvector("search").generatedAlwaysAs(sql`to_tsvector('english', spoiler_text || ' ' || text)`),
  },
  (t) => [
    index("statuses_account_idx").on(t.accountId, t.id),
    index("statuses_public_idx").on(t.id).where(sql`visibility = 'public' AND reblog_of_id IS NULL`),
    index("statuses_reply_idx").on(t.inReplyToId),
    index("statuses_thread_idx").on(t.threadRootId),
    index("statuses_reblog_idx").on(t.reblogOfId, t.accountId),
    index("statuses_search_idx").using("gin", t.search),
  ],
);

/** Earlier versions of an edited status, for `/history`. */
export const statusEdits = pgTable(
  "status_edits",
  {
    id: id().primaryKey(),
    statusId: id("status_id")
      .notNull()
      .references(() => statuses.id, { onDelete: "cascade" }),
    accountId: id("account_id").notNull(),
    text: text("text").notNull(),
    content: text("content").notNull(),
    spoilerText: text("spoiler_text").notNull(),
    sensitive: boolean("sensitive").notNull(),
    mediaIds: jsonb("media_ids").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [index("status_edits_status_idx").on(t.statusId, t.id)],
);

export const mentions = pgTable(
  "mentions",
  {
    statusId: id("status_id")
      .notNull()
      .references(() => statuses.id, { onDelete: "cascade" }),
    accountId: id("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.statusId, t.accountId] }), index("mentions_account_idx").on(t.accountId)],
);

export const tags = pgTable(
  "tags",
  {
    id: id().primaryKey(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("tags_name_lower_idx").on(sql`lower(${t.name})`)],
);

export const statusTags = pgTable(
  "status_tags",
  {
    statusId: id("status_id")
      .notNull()
      .references(() => statuses.id, { onDelete: "cascade" }),
    tagId: id("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.tagId, t.statusId] }), index("status_tags_status_idx").on(t.statusId)],
);

/** Favourites, bookmarks and pins share a shape: who, which status, and an id to paginate by. */
function statusMark(name: string) {
  return pgTable(
    name,
    {
      id: id().primaryKey(),
      accountId: id("account_id")
        .notNull()
        .references(() => accounts.id, { onDelete: "cascade" }),
      statusId: id("status_id")
        .notNull()
        .references(() => statuses.id, { onDelete: "cascade" }),
      createdAt: createdAt(),
    },
    (t) => [
      uniqueIndex(`${name}_account_status_idx`).on(t.accountId, t.statusId),
      index(`${name}_status_idx`).on(t.statusId),
    ],
  );
}
export const favourites = statusMark("favourites");
export const bookmarks = statusMark("bookmarks");
export const pins = statusMark("pins");

/** Follows, follow requests, blocks and mutes: an account acting on a target account. */
function accountRelation<E extends Record<string, PgColumnBuilderBase>>(name: string, extra: E) {
  return pgTable(
    name,
    {
      id: id().primaryKey(),
      accountId: id("account_id")
        .notNull()
        .references(() => accounts.id, { onDelete: "cascade" }),
      targetAccountId: id("target_account_id")
        .notNull()
        .references(() => accounts.id, { onDelete: "cascade" }),
      ...extra,
      createdAt: createdAt(),
    },
    (t) => [
      uniqueIndex(`${name}_pair_idx`).on(t.accountId, t.targetAccountId),
      index(`${name}_target_idx`).on(t.targetAccountId),
    ],
  );
}
export const follows = accountRelation("follows", {
  showReblogs: boolean("show_reblogs").notNull().default(true),
  notify: boolean("notify").notNull().default(false),
});
export const followRequests = accountRelation("follow_requests", {
  showReblogs: boolean("show_reblogs").notNull().default(true),
  notify: boolean("notify").notNull().default(false),
});
export const blocks = accountRelation("blocks", {});
export const mutes = accountRelation("mutes", {
  hideNotifications: boolean("hide_notifications").notNull().default(true),
});

/**
 * The home timeline, materialised by fan-out on write: one row per (follower, status) delivered.
 * `status_id` is the entry (a reblog's own id for reblogs) and orders the feed.
 */
export const homeFeed = pgTable(
  "home_feed",
  {
    accountId: id("account_id").notNull(),
    statusId: id("status_id").notNull(),
    /** The author of the entry, so unfollow/block/mute can remove or hide entries in one statement. */
    authorId: id("author_id").notNull(),
    /** For reblogs: the author of the reblogged status (blocks and mutes apply to them too). */
    rebloggedAuthorId: id("reblogged_author_id"),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.statusId] }),
    index("home_feed_author_idx").on(t.accountId, t.authorId),
  ],
);

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

export const notifications = pgTable(
  "notifications",
  {
    id: id().primaryKey(),
    accountId: id("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    fromAccountId: id("from_account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    type: text("type").$type<NotificationType>().notNull(),
    statusId: id("status_id").references(() => statuses.id, { onDelete: "cascade" }),
    reportId: id("report_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_account_idx").on(t.accountId, t.id),
    uniqueIndex("notifications_dedupe_idx")
      .on(t.accountId, t.fromAccountId, t.type, t.statusId)
      .where(sql`type IN ('favourite', 'reblog', 'follow', 'follow_request')`),
  ],
);

export const markers = pgTable(
  "markers",
  {
    accountId: id("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    timeline: text("timeline", { enum: ["home", "notifications"] }).notNull(),
    lastReadId: id("last_read_id").notNull(),
    version: integer("version").notNull().default(0),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.timeline] })],
);

export const reports = pgTable(
  "reports",
  {
    id: id().primaryKey(),
    accountId: id("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    targetAccountId: id("target_account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    statusIds: jsonb("status_ids").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    comment: text("comment").notNull().default(""),
    category: text("category").notNull().default("other"),
    forward: boolean("forward").notNull().default(false),
    actionTakenAt: ts("action_taken_at"),
    createdAt: createdAt(),
  },
  (t) => [index("reports_target_idx").on(t.targetAccountId)],
);

/** `Idempotency-Key` → the status it created, so a retried POST returns the same status. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    accountId: id("account_id").notNull(),
    key: text("key").notNull(),
    statusId: id("status_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);
