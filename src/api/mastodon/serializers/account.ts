// The Mastodon Account entity, and CredentialAccount (the signed-in user's own, with `source`).
import type { ProfileField } from "../../../db/social-schema.ts";
import type { Account, User } from "../../../social/accounts.ts";
import { renderHtml } from "../../../social/content.ts";
import type { SerializeContext } from "./context.ts";

const NO_MENTIONS = new Map<string, string>();

function dateOnly(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

export function defaultAvatarUrl(ctx: SerializeContext): string {
  return `${ctx.publicUrl}/avatars/original/missing.png`;
}

export function defaultHeaderUrl(ctx: SerializeContext): string {
  return `${ctx.publicUrl}/headers/original/missing.png`;
}

function renderField(field: ProfileField, ctx: SerializeContext) {
  const value = renderHtml(field.value, { publicUrl: ctx.publicUrl, mentionable: NO_MENTIONS });
  // Mastodon renders field values inline, without a paragraph.
  return { name: field.name, value: value.replace(/^<p>|<\/p>$/g, ""), verified_at: field.verified_at };
}

// Serialized accounts per row object: hydrate hands out the same row while its version holds (see
// src/social/statuses/hydrate.ts), so a popular author's note and fields are rendered once, not
// once per status on every page. Rows are never mutated; neither are the results.
const serialized = new WeakMap<SerializeContext, WeakMap<Account, ReturnType<typeof renderAccount>>>();

export function serializeAccount(account: Account, ctx: SerializeContext) {
  let forContext = serialized.get(ctx);
  if (!forContext) {
    forContext = new WeakMap();
    serialized.set(ctx, forContext);
  }
  let entity = forContext.get(account);
  if (!entity) {
    entity = renderAccount(account, ctx);
    forContext.set(account, entity);
  }
  return entity;
}

function renderAccount(account: Account, ctx: SerializeContext) {
  const avatar = account.avatarKey ? ctx.mediaUrl(account.avatarKey) : defaultAvatarUrl(ctx);
  const header = account.headerKey ? ctx.mediaUrl(account.headerKey) : defaultHeaderUrl(ctx);
  const url = `${ctx.publicUrl}/@${account.username}`;
  return {
    id: String(account.id),
    username: account.username,
    acct: account.username,
    display_name: account.displayName,
    locked: account.locked,
    bot: account.bot,
    discoverable: account.discoverable,
    indexable: account.discoverable,
    group: false,
    // Mastodon shows only the day an account was created.
    created_at: `${dateOnly(account.createdAt)}T00:00:00.000Z`,
    note: renderHtml(account.note, { publicUrl: ctx.publicUrl, mentionable: NO_MENTIONS }),
    url,
    uri: `${ctx.publicUrl}/users/${account.username}`,
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    followers_count: account.followersCount,
    following_count: account.followingCount,
    statuses_count: account.statusesCount,
    last_status_at: dateOnly(account.lastStatusAt),
    hide_collections: false,
    noindex: !account.discoverable,
    emojis: [],
    roles: [],
    fields: account.fields.map((field) => renderField(field, ctx)),
    allow_remix: account.allowRemix,
  };
}

const ROLES = {
  admin: { id: "3", name: "Admin", permissions: "1", color: "", highlighted: true },
  moderator: { id: "2", name: "Moderator", permissions: "1308", color: "", highlighted: true },
  user: { id: "-99", name: "", permissions: "65536", color: "", highlighted: false },
} as const;

export function serializeCredentialAccount(
  account: Account,
  user: User,
  ctx: SerializeContext,
  followRequestsCount: number,
) {
  return {
    ...serializeAccount(account, ctx),
    source: {
      privacy: user.defaultVisibility,
      sensitive: user.defaultSensitive,
      language: user.defaultLanguage ?? "",
      note: account.note,
      fields: account.fields,
      follow_requests_count: followRequestsCount,
      hide_collections: false,
      discoverable: account.discoverable,
      indexable: account.discoverable,
    },
    role: ROLES[user.role],
  };
}
