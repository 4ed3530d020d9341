// Statuses as an LLM reads them: one compact text block per post (who, when, where to find it, what
// it says) plus the same facts as structured content with ids and URLs a client can act on.
import { z } from "zod";
import type { SerializeContext } from "../api/mastodon/serializers/context.ts";
import { statusUrl } from "../api/mastodon/serializers/status.ts";
import type { StatusView } from "../social/statuses/hydrate.ts";

/** Long posts are cut so a page of results stays within a model's context budget. */
const MAX_TEXT = 1000;

export const statusDigestSchema = z.object({
  id: z.string(),
  url: z.string(),
  account: z.object({ id: z.string(), acct: z.string(), display_name: z.string(), url: z.string() }),
  created_at: z.string(),
  visibility: z.string(),
  spoiler_text: z.string(),
  text: z.string(),
  in_reply_to_id: z.string().nullable(),
  replies_count: z.number(),
  reblogs_count: z.number(),
  favourites_count: z.number(),
  ai_generated: z.boolean(),
  media: z.array(
    z.object({ id: z.string(), type: z.string(), url: z.string(), description: z.string().nullable() }),
  ),
  tags: z.array(z.string()),
  /** Set on a home-timeline entry that is someone's boost of this post. */
  boosted_by: z.string().optional(),
});

export type StatusDigest = z.infer<typeof statusDigestSchema>;

const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

/** A boost is shown as the post it boosts, marked with who boosted it. */
export function digestStatus(view: StatusView, ctx: SerializeContext): StatusDigest {
  const shown = view.reblog ?? view;
  const { status, account } = shown;
  return {
    id: String(status.id),
    url: statusUrl(ctx, account.username, status.id),
    account: {
      id: String(account.id),
      acct: account.username,
      display_name: account.displayName,
      url: `${ctx.publicUrl}/@${account.username}`,
    },
    created_at: status.createdAt.toISOString(),
    visibility: status.visibility,
    spoiler_text: status.spoilerText,
    text: cut(status.text),
    in_reply_to_id: status.inReplyToId === null ? null : String(status.inReplyToId),
    replies_count: status.repliesCount,
    reblogs_count: status.reblogsCount,
    favourites_count: status.favouritesCount,
    ai_generated: status.aiGenerated,
    media: shown.media.map((m) => ({
      id: String(m.id),
      type: m.type,
      url: ctx.mediaUrl(m.fileKey),
      description: m.description,
    })),
    tags: shown.tags,
    ...(view.reblog ? { boosted_by: view.account.username } : {}),
  };
}

/** One post as a few lines of text: header with id and URL, the words, then counts and media. */
export function statusText(digest: StatusDigest): string {
  const header = [
    `@${digest.account.acct}`,
    digest.created_at.slice(0, 16).replace("T", " "),
    digest.visibility,
    `id ${digest.id}`,
    digest.url,
  ].join(" · ");
  const lines = [
    digest.boosted_by ? `(boosted by @${digest.boosted_by}) ${header}` : header,
    ...(digest.in_reply_to_id ? [`in reply to ${digest.in_reply_to_id}`] : []),
    ...(digest.spoiler_text ? [`content warning: ${digest.spoiler_text}`] : []),
    digest.text || "(no text)",
    ...digest.media.map(
      (m) =>
        `[${m.type}${digest.ai_generated ? ", AI-generated" : ""}] ${m.url}${m.description ? ` — ${m.description}` : ""}`,
    ),
    `${digest.replies_count} replies · ${digest.reblogs_count} boosts · ${digest.favourites_count} favourites`,
  ];
  return lines.join("\n");
}

/** A numbered list of posts, or a plain sentence when there are none. */
export function statusListText(title: string, digests: StatusDigest[], empty: string): string {
  if (!digests.length) return empty;
  return [title, ...digests.map((d, i) => `[${i + 1}] ${statusText(d)}`)].join("\n\n");
}
