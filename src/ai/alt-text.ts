// Alt text for one's own upload: the vision model (or the built-in engine) describes the stored
// image, and the description becomes the attachment's alt text. Generated images carry their
// prompt in meta.generation, which the description starts from.
import type { Executor } from "../db/client.ts";
import {
  DESCRIPTION_MAX_LENGTH,
  getMediaAttachment,
  type MediaAttachmentRow,
  updateMediaAttachment,
} from "../media/service.ts";
import type { MediaStorage } from "../media/storage.ts";
import { checkAndRecordOutput } from "./output-checks.ts";
import type { AiService } from "./types.ts";

export interface AltTextDeps {
  db: Executor;
  storage: MediaStorage;
  ai: AiService;
}

export interface DescribedMedia {
  media: MediaAttachmentRow;
  description: string;
  model: string;
  draft: boolean;
}

/** Null when the attachment does not exist or belongs to someone else (the API answers 404 for both). */
export async function describeMediaAttachment(
  deps: AltTextDeps,
  mediaId: bigint,
  accountId: bigint,
  signal?: AbortSignal,
): Promise<DescribedMedia | null> {
  const media = await getMediaAttachment(deps.db, mediaId);
  if (!media || media.accountId !== accountId) return null;
  const file = await deps.storage.get(media.fileKey);
  if (!file) throw new Error(`the stored file of media ${mediaId} is missing`);
  const generationPrompt = promptOf(media.meta);
  const described = await deps.ai.describeImage({
    image: new Uint8Array(file.data.buffer, file.data.byteOffset, file.data.byteLength),
    mediaType: file.contentType,
    ...(generationPrompt && { generationPrompt }),
    ...(signal && { signal }),
  });
  const description = truncate(described.description, DESCRIPTION_MAX_LENGTH);
  await checkAndRecordOutput(
    deps,
    description,
    {
      accountId,
      capability: "vision",
      model: described.model,
      provider: described.provider,
      usage: described.usage,
    },
    signal,
  );
  const updated = await updateMediaAttachment(deps.db, mediaId, accountId, { description });
  if (!updated) return null; // deleted meanwhile
  return { media: updated, description, model: described.model, draft: described.draft };
}

function promptOf(meta: unknown): string | undefined {
  const generation = (meta as { generation?: { prompt?: unknown } } | null)?.generation;
  return typeof generation?.prompt === "string" && generation.prompt.trim() ? generation.prompt : undefined;
}

/** Cuts at a word boundary under Mastodon's limit (counted in code points, like the media service). */
function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
