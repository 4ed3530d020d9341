// The Status entity (and the StatusEdit of /history), from a hydrated StatusView.

import type { StatusView } from "../../../social/statuses/hydrate.ts";
import type { StatusVersion } from "../../../social/statuses/read.ts";
import { serializeRemixOf } from "../../ai/serializers/image-generation.ts";
import { serializeAccount } from "./account.ts";
import type { SerializeContext } from "./context.ts";
import { serializeMediaAttachment } from "./media-attachment.ts";

export function statusUrl(ctx: SerializeContext, username: string, id: bigint): string {
  return `${ctx.publicUrl}/@${username}/${id}`;
}

export function serializeStatus(view: StatusView, ctx: SerializeContext, options: { source?: boolean } = {}) {
  const reblog = view.reblog ? { ...serializeStatusBody(view.reblog, ctx, {}), reblog: null } : null;
  const body = serializeStatusBody(view, ctx, options);
  // Mastodon orders `reblog` after `in_reply_to_account_id`; key order doesn't matter to clients.
  return { ...body, reblog };
}

function serializeStatusBody(view: StatusView, ctx: SerializeContext, options: { source?: boolean }) {
  const { status, account } = view;
  // A reblog's own flags mirror the reblogged status, as in Mastodon.
  const viewer = view.reblog?.viewer ? { ...view.reblog.viewer, pinned: false } : view.viewer;
  return {
    id: String(status.id),
    uri: `${ctx.publicUrl}/users/${account.username}/statuses/${status.id}`,
    url: statusUrl(ctx, account.username, status.id),
    created_at: status.createdAt.toISOString(),
    edited_at: status.editedAt?.toISOString() ?? null,
    account: serializeAccount(account, ctx),
    content: status.content,
    visibility: status.visibility,
    sensitive: status.sensitive,
    spoiler_text: status.spoilerText,
    media_attachments: view.media.map((m) => serializeMediaAttachment(m, ctx)),
    application: view.application,
    mentions: view.mentions.map((m) => ({
      id: String(m.id),
      username: m.username,
      acct: m.username,
      url: `${ctx.publicUrl}/@${m.username}`,
    })),
    tags: view.tags.map((name) => ({
      name,
      url: `${ctx.publicUrl}/tags/${encodeURIComponent(name.toLowerCase())}`,
    })),
    emojis: [],
    reblogs_count: status.reblogsCount,
    favourites_count: status.favouritesCount,
    replies_count: status.repliesCount,
    in_reply_to_id: status.inReplyToId === null ? null : String(status.inReplyToId),
    in_reply_to_account_id: status.inReplyToAccountId === null ? null : String(status.inReplyToAccountId),
    poll: null,
    card: null,
    language: status.language,
    ...(options.source ? { text: status.text } : {}),
    // Media-derived as well, so an edit that attaches generated media is labelled too.
    ai_generated: status.aiGenerated || view.media.some((m) => "generation" in m.meta),
    /** Atelier: the post this one's generated media remix ("remix of @author"), or null. */
    remix_of: serializeRemixOf(view.media, ctx),
    ...(viewer
      ? {
          favourited: viewer.favourited,
          reblogged: viewer.reblogged,
          muted: false,
          bookmarked: viewer.bookmarked,
          pinned: viewer.pinned,
          filtered: [],
        }
      : {}),
  };
}

export function serializeStatusEdit(version: StatusVersion, view: StatusView, ctx: SerializeContext) {
  return {
    content: version.content,
    spoiler_text: version.spoilerText,
    sensitive: version.sensitive,
    created_at: version.createdAt.toISOString(),
    account: serializeAccount(view.account, ctx),
    poll: null,
    media_attachments: version.media.map((m) => serializeMediaAttachment(m, ctx)),
    emojis: [],
  };
}
