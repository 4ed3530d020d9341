// POST /api/v1/ai/media/:id/describe → {description, model, draft, media_attachment}: alt text for
// one's own upload, stored as the attachment's description. Someone else's media is a 404.
import { Hono } from "hono";
import { describeMediaAttachment } from "../../ai/alt-text.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { serializeMediaAttachment } from "../mastodon/serializers/media-attachment.ts";
import { requireUser } from "../middleware/auth.ts";
import { pathId } from "../params.ts";
import { aiCall } from "./errors.ts";

export function aiMediaDescriptionRoutes(deps: ApiDeps) {
  return new Hono().post("/api/v1/ai/media/:id/describe", async (c) => {
    const auth = requireUser(c, "write:media");
    const id = pathId(c);
    const described = await aiCall(() =>
      describeMediaAttachment(
        { db: deps.social.db, storage: deps.storage, ai: deps.ai },
        id,
        auth.accountId,
        c.req.raw.signal,
      ),
    );
    if (!described) throw new ApiError(404, "Record not found");
    return c.json({
      description: described.description,
      model: described.model,
      draft: described.draft,
      media_attachment: serializeMediaAttachment(described.media, deps.serialize),
    });
  });
}
