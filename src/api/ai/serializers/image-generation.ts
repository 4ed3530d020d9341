// The ImageGeneration entity of the AI extension (DESIGN.md §5), and the `remix_of` link a Status
// shows when its media remix another post.
import type { ImageGenerationView } from "../../../ai/images/generations.ts";
import { generationOf } from "../../../ai/images/remix.ts";
import type { MediaAttachment } from "../../../social/statuses/hydrate.ts";
import type { SerializeContext } from "../../mastodon/serializers/context.ts";
import { serializeMediaAttachment } from "../../mastodon/serializers/media-attachment.ts";
import { statusUrl } from "../../mastodon/serializers/status.ts";

export function serializeImageGeneration(view: ImageGenerationView, ctx: SerializeContext) {
  const g = view.generation;
  return {
    id: String(g.id),
    state: view.state,
    progress: Math.round(view.progress * 1000) / 1000,
    ...(view.error ? { error: view.error } : {}),
    prompt: g.prompt,
    n: g.count,
    size: `${g.width}x${g.height}`,
    style: g.style,
    seed: g.seed,
    /** The model that made the images once done; before that, the one asked for (null: the default). */
    model: g.model ?? g.requestedModel,
    remix_of_id: g.remixOfId === null ? null : String(g.remixOfId),
    created_at: g.createdAt.toISOString(),
    finished_at: g.finishedAt?.toISOString() ?? null,
    media_attachments: view.media.map((m) => serializeMediaAttachment(m, ctx)),
  };
}

/**
 * `remix_of` on a Status: the post its generated media remix and that post's author, so clients can
 * show "remix of @author"; null for anything else.
 */
export function serializeRemixOf(media: MediaAttachment[], ctx: SerializeContext) {
  for (const m of media) {
    const g = generationOf(m);
    if (!g?.remix_of_id || !g.remix_of_acct) continue;
    return {
      id: g.remix_of_id,
      url: statusUrl(ctx, g.remix_of_acct, BigInt(g.remix_of_id)),
      account: {
        id: g.remix_of_account_id ?? null,
        username: g.remix_of_acct,
        acct: g.remix_of_acct,
        url: `${ctx.publicUrl}/@${g.remix_of_acct}`,
      },
    };
  }
  return null;
}
