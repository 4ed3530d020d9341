// Image generation requests as a domain service: check the prompt (moderation) and the remix source,
// reserve quota, and enqueue the job in one transaction; read a request back with its job's state.
import { randomInt } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Database, Executor } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { aiImageGenerations, jobs, mediaAttachments } from "../../db/schema.ts";
import { DomainError, notFound, refuseUnstorableText, unprocessable } from "../../errors.ts";
import { enqueue, type Job } from "../../jobs/queue.ts";
import type { MediaAttachmentRow } from "../../media/service.ts";
import { type AiService, AiUnavailableError, type ImageSize } from "../types.ts";
import { type ImageQuotas, reserveImageQuota } from "./quota.ts";
import { findRemixSource } from "./remix.ts";

/** The queue job type that runs generations (registered by the server, see job.ts). */
export const IMAGE_JOB_TYPE = "ai.image";
/** Tries before a generation fails for good; providers retry and fall back within each try. */
const MAX_ATTEMPTS = 3;
export const MAX_IMAGES_PER_REQUEST = 4;
export const MAX_SEED = 2 ** 31 - 1;

export type ImageGeneration = typeof aiImageGenerations.$inferSelect;
export type GenerationState = "queued" | "running" | "succeeded" | "failed";

export interface ImageGenerationView {
  generation: ImageGeneration;
  state: GenerationState;
  progress: number;
  error: string | null;
  media: MediaAttachmentRow[];
}

export interface ImageRequest {
  accountId: bigint;
  /** Optional for a remix: the remixed image's prompt is used. */
  prompt?: string | undefined;
  n: number;
  size: ImageSize;
  style?: string | undefined;
  seed?: number | undefined;
  model?: string | undefined;
  remixOfId?: bigint | undefined;
}

export interface ImageRequestDeps {
  db: Database;
  ai: AiService;
  quotas: ImageQuotas;
}

export async function requestImageGeneration(
  deps: ImageRequestDeps,
  input: ImageRequest,
): Promise<ImageGenerationView> {
  const { db, ai } = deps;
  refuseUnstorableText({ prompt: input.prompt, style: input.style, model: input.model });
  const remix =
    input.remixOfId === undefined ? null : await findRemixSource(db, input.remixOfId, input.accountId);
  const prompt = input.prompt?.trim() || remix?.prompt || "";
  if (!prompt) throw unprocessable("Validation failed: prompt can't be blank");
  if (input.model) {
    const known = ai.models().filter((m) => m.capabilities.includes("image"));
    if (!known.some((m) => m.id === input.model)) {
      throw unprocessable(
        `Validation failed: model ${input.model} is not a configured image model (configured: ${known.map((m) => m.id).join(", ")})`,
      );
    }
  }
  // The style word reaches the model too (providers fold it into the prompt): it is checked with it.
  const verdict = await ai
    .moderate(input.style ? `${prompt}\n${input.style}` : prompt)
    .catch((err: unknown) => {
      if (err instanceof AiUnavailableError)
        throw new DomainError(503, "Prompt moderation is unavailable; try again later");
      throw err;
    });
  if (verdict.flagged)
    throw unprocessable(`The prompt was refused: ${verdict.reason ?? "it breaks this server's rules"}`);

  const id = newId();
  const generation = await db.transaction(async (tx) => {
    await reserveImageQuota(tx, input.accountId, input.n, deps.quotas);
    const jobId = await enqueue(tx, {
      type: IMAGE_JOB_TYPE,
      payload: { generationId: String(id) },
      maxAttempts: MAX_ATTEMPTS,
    });
    const [row] = await tx
      .insert(aiImageGenerations)
      .values({
        id,
        accountId: input.accountId,
        jobId,
        prompt,
        style: input.style ?? null,
        width: input.size.width,
        height: input.size.height,
        count: input.n,
        seed: input.seed ?? randomInt(0, MAX_SEED),
        requestedModel: input.model ?? null,
        remixOfId: remix?.statusId ?? null,
      })
      .returning();
    return row!;
  });
  return { generation, state: "queued", progress: 0, error: null, media: [] };
}

/** A request as its owner sees it; 404 for anyone else. */
export async function getImageGeneration(
  db: Executor,
  id: bigint,
  accountId: bigint,
): Promise<ImageGenerationView> {
  // One statement for both rows: the job's completion commits them together, so a single snapshot
  // never sees a finished job beside a pending request.
  const [row] = await db
    .select({
      generation: aiImageGenerations,
      job: { state: jobs.state, progress: jobs.progress, lastError: jobs.lastError },
    })
    .from(aiImageGenerations)
    .leftJoin(jobs, eq(jobs.id, aiImageGenerations.jobId))
    .where(and(eq(aiImageGenerations.id, id), eq(aiImageGenerations.accountId, accountId)));
  if (!row) throw notFound();
  return viewOf(db, row.generation, row.job);
}

/** A person's most recent requests, newest first (to pick up where a closed page left off). */
export async function listImageGenerations(
  db: Executor,
  accountId: bigint,
  limit: number,
): Promise<ImageGenerationView[]> {
  const rows = await db
    .select({
      generation: aiImageGenerations,
      job: { state: jobs.state, progress: jobs.progress, lastError: jobs.lastError },
    })
    .from(aiImageGenerations)
    .leftJoin(jobs, eq(jobs.id, aiImageGenerations.jobId))
    .where(eq(aiImageGenerations.accountId, accountId))
    .orderBy(desc(aiImageGenerations.id))
    .limit(limit);
  return Promise.all(rows.map((row) => viewOf(db, row.generation, row.job)));
}

/** The request a queue job runs (for stream events), or null. */
export async function findGenerationByJob(db: Executor, jobId: bigint): Promise<ImageGeneration | null> {
  const [row] = await db.select().from(aiImageGenerations).where(eq(aiImageGenerations.jobId, jobId));
  return row ?? null;
}

interface JobFacts {
  state: Job["state"];
  progress: number;
  lastError: string | null;
}

async function viewOf(
  db: Executor,
  generation: ImageGeneration,
  job: JobFacts | null,
): Promise<ImageGenerationView> {
  const media = generation.mediaIds.length
    ? await db
        .select()
        .from(mediaAttachments)
        .where(inArray(mediaAttachments.id, generation.mediaIds.map(BigInt)))
        .orderBy(asc(mediaAttachments.id))
    : [];
  if (generation.state === "succeeded")
    return { generation, state: "succeeded", progress: 1, error: null, media };
  if (!job) return { generation, state: "failed", progress: 0, error: "The generation job was lost", media };
  switch (job.state) {
    case "queued":
      return { generation, state: "queued", progress: job.progress, error: null, media };
    case "running":
      return { generation, state: "running", progress: job.progress, error: null, media };
    case "dead":
      return { generation, state: "failed", progress: job.progress, error: plainError(job.lastError), media };
    default:
      // The job finished without the completing write (cannot happen through job.ts): nothing was made.
      return {
        generation,
        state: "failed",
        progress: 1,
        error: "The generation finished without images",
        media,
      };
  }
}

/** A job's last error as a person should read it: no class names, no stack. */
function plainError(error: string | null): string {
  if (!error) return "The generation failed";
  return error.replace(/^[A-Za-z]*Error: /, "").split("\n")[0]!;
}
