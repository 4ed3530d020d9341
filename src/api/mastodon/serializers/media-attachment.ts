import type { MediaAttachment } from "../../../social/statuses/hydrate.ts";
import type { SerializeContext } from "./context.ts";

/** The MediaAttachment entity; `meta.generation` carries provenance for AI-generated images. */
export function serializeMediaAttachment(media: MediaAttachment, ctx: SerializeContext) {
  const url = ctx.mediaUrl(media.fileKey);
  return {
    id: String(media.id),
    type: media.type,
    url,
    preview_url: media.thumbnailKey ? ctx.mediaUrl(media.thumbnailKey) : url,
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta: media.meta,
    description: media.description,
    blurhash: media.blurhash,
  };
}
