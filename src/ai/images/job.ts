// The queue job that runs one image generation: generate through the AiService (progress goes to
// the job, and from there to the person's stream), then — in the job's completing transaction —
// store each image as a MediaAttachment with provenance (XMP and `meta.generation`), mark the
// request succeeded and record usage. The queue's lease fencing makes that transaction commit once.
//
// Files are written before their rows commit, so ids are chosen and recorded first
// (`pending_media_ids`): an attempt that dies in between (kill -9) leaves files the next attempt
// deletes before it starts, and an attempt that fails in-process deletes its own.
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { aiImageGenerations } from "../../db/schema.ts";
import { DomainError } from "../../errors.ts";
import { type JobContext, PermanentJobError } from "../../jobs/worker.ts";
import type { Logger } from "../../log.ts";
import { MediaError } from "../../media/errors.ts";
import { type MediaLimits, sniffImageType } from "../../media/process.ts";
import { createMediaAttachment, removeUnrecordedMediaFiles } from "../../media/service.ts";
import type { MediaStorage } from "../../media/storage.ts";
import { type AiService, AiUnavailableError } from "../types.ts";
import { recordAiUsage } from "../usage.ts";
import { provenanceXmp } from "./provenance.ts";
import { findRemixSource, type GenerationMeta, type RemixSource } from "./remix.ts";

export interface ImageJobDeps {
  db: Database;
  ai: AiService;
  storage: MediaStorage;
  limits: MediaLimits;
  logger: Logger;
}

export interface ImageJobPayload {
  generationId: string;
}

/** Generation takes most of a job's time; storing the images the rest. */
const GENERATION_SHARE = 0.9;
/**
 * Upload limits guard against what strangers send; a generated image is as large as the person
 * asked (at most 2048² by the API), so it gets at least this much room whatever MEDIA_MAX_* say.
 */
const GENERATED_LIMITS = { maxBytes: 64 * 1024 * 1024, maxPixels: 2048 * 2048 };

export function imageJobHandler(deps: ImageJobDeps) {
  return async (payload: ImageJobPayload, ctx: JobContext): Promise<unknown> => {
    const { db, storage } = deps;
    if (typeof payload?.generationId !== "string" || !/^\d+$/.test(payload.generationId)) {
      throw new PermanentJobError("the job's payload names no generation");
    }
    const [generation] = await db
      .select()
      .from(aiImageGenerations)
      .where(eq(aiImageGenerations.id, BigInt(payload.generationId)));
    if (!generation) throw new PermanentJobError(`generation ${payload.generationId} no longer exists`);
    if (generation.state === "succeeded") return { media_ids: generation.mediaIds };
    await removeLeftovers(deps, generation.id, generation.pendingMediaIds);

    const remix = generation.remixOfId ? await remixSourceNow(deps, generation) : null;
    const sourceImage = remix ? ((await storage.get(remix.media.fileKey))?.data ?? null) : null;
    let result: Awaited<ReturnType<AiService["generateImages"]>>;
    const generationStarted = performance.now();
    try {
      result = await deps.ai.generateImages({
        prompt: generation.prompt,
        n: generation.count,
        size: { width: generation.width, height: generation.height },
        seed: generation.seed,
        ...(generation.style ? { style: generation.style } : {}),
        ...(generation.requestedModel ? { model: generation.requestedModel } : {}),
        ...(sourceImage ? { sourceImage } : {}),
        signal: ctx.signal,
        onProgress: (fraction) => {
          // The last step's report would be overtaken at once by completion: not worth a write.
          if (fraction < 1) ctx.progress(fraction * GENERATION_SHARE).catch(() => {}); // a lost lease aborts ctx.signal
        },
      });
    } catch (err) {
      // A model that is no longer configured (a 422 from the registry) will not be on the next try.
      if ((err as { status?: unknown }).status === 422) throw new PermanentJobError((err as Error).message);
      // Every configured model failed: keep the reason a person can read; retrying is the queue's call.
      if (err instanceof AiUnavailableError && ctx.attempt >= ctx.maxAttempts)
        throw new PermanentJobError(err.message);
      throw err;
    }
    if (!result.images.length) throw new Error(`${result.model} returned no images`);
    if (result.provider !== "builtin") await refuseFlaggedImages(deps.ai, result.images, ctx.signal);
    const generateMs = performance.now() - generationStarted;

    const ids = result.images.map(() => newId());
    await db
      .update(aiImageGenerations)
      .set({
        pendingMediaIds: sql`${aiImageGenerations.pendingMediaIds} || ${JSON.stringify(ids.map(String))}::jsonb`,
      })
      .where(eq(aiImageGenerations.id, generation.id));
    ctx.signal.throwIfAborted();

    const meta: GenerationMeta = {
      prompt: generation.prompt,
      model: result.model,
      provider: result.provider,
      seed: generation.seed,
      ...(generation.style ? { style: generation.style } : {}),
      ...(remix
        ? {
            remix_of_id: String(remix.statusId),
            remix_of_account_id: String(remix.authorId),
            remix_of_acct: remix.authorUsername,
          }
        : {}),
    };
    const xmp = provenanceXmp({ model: result.model, prompt: generation.prompt, createdAt: new Date() });
    const limits = {
      maxBytes: Math.max(deps.limits.maxBytes, GENERATED_LIMITS.maxBytes),
      maxPixels: Math.max(deps.limits.maxPixels, GENERATED_LIMITS.maxPixels),
    };
    try {
      return await ctx.complete(async (tx) => {
        const mediaStarted = performance.now();
        for (const [i, image] of result.images.entries()) {
          await createMediaAttachment(
            { db: tx, storage, limits },
            {
              id: ids[i]!,
              accountId: generation.accountId,
              data: image,
              extraMeta: { generation: meta },
              xmp,
            },
          );
        }
        const mediaMs = performance.now() - mediaStarted;
        const mediaIds = ids.map(String);
        await tx
          .update(aiImageGenerations)
          .set({
            state: "succeeded",
            mediaIds,
            pendingMediaIds: sql`${aiImageGenerations.pendingMediaIds} - ${`{${mediaIds.join(",")}}`}::text[]`,
            model: result.model,
            provider: result.provider,
            finishedAt: sql`now()`,
          })
          .where(eq(aiImageGenerations.id, generation.id));
        await recordAiUsage(tx, {
          accountId: generation.accountId,
          capability: "image",
          model: result.model,
          provider: result.provider,
          usage: { ...result.usage, images: result.usage?.images ?? result.images.length },
        });
        // Timings in the job's result: where a job's time went (the ai-images benchmark reads them).
        const timings = { generate_ms: round(generateMs), media_ms: round(mediaMs) };
        return { media_ids: mediaIds, timings };
      });
    } catch (err) {
      await Promise.all(ids.map((id) => removeUnrecordedMediaFiles(storage, id)));
      // An image the media pipeline cannot read (a provider's broken output) won't read next time.
      if (err instanceof MediaError)
        throw new PermanentJobError(`${result.model} returned an unusable image: ${err.message}`);
      throw err;
    }
  };
}

/** Deletes files an earlier attempt stored but never recorded (it died before committing). */
async function removeLeftovers(deps: ImageJobDeps, generationId: bigint, pending: string[]): Promise<void> {
  if (!pending.length) return;
  await Promise.all(pending.map((id) => removeUnrecordedMediaFiles(deps.storage, BigInt(id))));
  await deps.db
    .update(aiImageGenerations)
    .set({
      pendingMediaIds: sql`${aiImageGenerations.pendingMediaIds} - ${`{${pending.join(",")}}`}::text[]`,
    })
    .where(eq(aiImageGenerations.id, generationId));
  deps.logger.info(
    { generationId: String(generationId), files: pending.length },
    "removed files of an interrupted generation attempt",
  );
}

/**
 * The remixed post, checked again when the job runs: since the request it may have been deleted,
 * its author may have turned remixing off or blocked the remixer. Then the job fails with the reason.
 */
async function remixSourceNow(
  deps: ImageJobDeps,
  generation: { remixOfId: bigint | null; accountId: bigint },
): Promise<RemixSource> {
  try {
    return await findRemixSource(deps.db, generation.remixOfId!, generation.accountId);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const reason = err.status === 404 ? "the post is gone or no longer visible to you" : err.message;
    throw new PermanentJobError(`The post to remix is no longer available: ${reason}`);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * A provider's pictures are checked before anything is stored: a flagged one fails the job for
 * good with the reason, and no media is kept. (The built-in renderer only draws what the checked
 * prompt names.)
 */
async function refuseFlaggedImages(ai: AiService, images: Uint8Array[], signal: AbortSignal): Promise<void> {
  for (const image of images) {
    const sniffed = sniffImageType(image);
    const verdict = await ai.moderateImage(
      image,
      sniffed.supported ? sniffed.contentType : "image/png",
      signal,
    );
    if (verdict.flagged) {
      throw new PermanentJobError(
        `the generated image was withheld: ${verdict.reason ?? "moderation flagged it"}`,
      );
    }
  }
}
