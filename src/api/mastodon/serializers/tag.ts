// The Tag entity (search results, GET /api/v1/tags/:name). Usage history is not tracked yet, so it
// is empty; `following` is only present for a signed-in viewer, as in Mastodon.
import type { TagResult } from "../../../social/search.ts";
import type { SerializeContext } from "./context.ts";

export function tagUrl(ctx: SerializeContext, name: string): string {
  return `${ctx.publicUrl}/tags/${encodeURIComponent(name.toLowerCase())}`;
}

export function serializeTag(tag: TagResult, ctx: SerializeContext, options: { signedIn: boolean }) {
  return {
    // A name nobody has used has no row yet; Mastodon serializes its missing id as "".
    id: tag.id === null ? "" : String(tag.id),
    name: tag.name,
    url: tagUrl(ctx, tag.name),
    history: [] as { day: string; uses: string; accounts: string }[],
    ...(options.signedIn ? { following: false, featuring: false } : {}),
  };
}
