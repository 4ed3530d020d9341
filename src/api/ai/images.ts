// Image generation (DESIGN.md §5): POST /api/v1/ai/images queues a generation (202), GET
// /api/v1/ai/images/:id reports it; progress and completion also arrive on the user stream as
// `ai.image` events. GET /api/v1/ai/usage is the person's AI usage and image quota.
import { Hono } from "hono";
import { z } from "zod";
import {
  getImageGeneration,
  listImageGenerations,
  MAX_IMAGES_PER_REQUEST,
  MAX_SEED,
  requestImageGeneration,
} from "../../ai/images/generations.ts";
import { QuotaExceededError, quotaState } from "../../ai/images/quota.ts";
import { listAiUsage } from "../../ai/usage.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";
import { p, parseBody, parseQuery, pathId } from "../params.ts";
import { serializeImageGeneration } from "./serializers/image-generation.ts";

/** Sizes are free within these bounds ("WxH"); providers with fixed sizes map to their nearest. */
const MIN_SIDE = 64;
const MAX_SIDE = 2048;
const DEFAULT_SIZE = "1024x1024";

const size = z
  .string({ error: "must be a string like 1024x1024" })
  .regex(/^\d{2,4}x\d{2,4}$/, { error: "must be WIDTHxHEIGHT, like 1024x1024" })
  .transform((v) => {
    const [width, height] = v.split("x").map(Number) as [number, number];
    return { width, height };
  })
  .refine((s) => [s.width, s.height].every((side) => side >= MIN_SIDE && side <= MAX_SIDE), {
    error: `must have sides from ${MIN_SIDE} to ${MAX_SIDE} pixels`,
  });

const createSchema = z.object({
  prompt: p.string(2000).optional(),
  n: p.int(1, MAX_IMAGES_PER_REQUEST).default(1),
  size: size.default(size.parse(DEFAULT_SIZE)),
  style: p.string(40).optional(),
  seed: p.int(0, MAX_SEED).optional(),
  model: p.string(200).optional(),
  remix_of_id: p.id().optional(),
});

export function aiImagesRoutes(deps: ApiDeps) {
  const { db } = deps.social;
  const quotas = {
    imagesPerDay: deps.config.aiCreation.imagesPerDay,
    concurrentJobs: deps.config.aiCreation.concurrentJobs,
  };
  return new Hono()
    .post("/api/v1/ai/images", async (c) => {
      const auth = requireUser(c, "write:media");
      const body = await parseBody(c, createSchema);
      try {
        const view = await requestImageGeneration(
          { db, ai: deps.ai, quotas },
          {
            accountId: auth.accountId,
            prompt: body.prompt,
            n: body.n,
            size: body.size,
            style: body.style?.trim() || undefined,
            seed: body.seed,
            model: body.model?.trim() || undefined,
            remixOfId: body.remix_of_id === undefined ? undefined : BigInt(body.remix_of_id),
          },
        );
        deps.wakeJobs?.();
        return c.json(serializeImageGeneration(view, deps.serialize), 202);
      } catch (err) {
        if (err instanceof QuotaExceededError) {
          const seconds = err.resetsAt
            ? Math.max(1, Math.ceil((err.resetsAt.getTime() - Date.now()) / 1000))
            : 10;
          c.header("Retry-After", String(seconds));
          throw new ApiError(429, err.message, err.details);
        }
        throw err;
      }
    })
    .get("/api/v1/ai/images", async (c) => {
      const auth = requireUser(c, "write:media");
      const { limit } = parseQuery(c, z.object({ limit: p.int(1, 40).default(20) }));
      const views = await listImageGenerations(db, auth.accountId, limit);
      return c.json(views.map((view) => serializeImageGeneration(view, deps.serialize)));
    })
    .get("/api/v1/ai/images/:id", async (c) => {
      const auth = requireUser(c, "write:media");
      const view = await getImageGeneration(db, pathId(c), auth.accountId);
      return c.json(serializeImageGeneration(view, deps.serialize));
    })
    .get("/api/v1/ai/usage", async (c) => {
      const auth = requireUser(c, "read");
      const [state, rows] = await Promise.all([
        quotaState(db, auth.accountId),
        listAiUsage(db, auth.accountId, 30),
      ]);
      return c.json({
        images_today: state.imagesToday,
        images_per_day: quotas.imagesPerDay || null,
        generations_in_progress: state.activeJobs,
        max_concurrent_generations: quotas.concurrentJobs || null,
        resets_at: state.resetsAt.toISOString(),
        usage: rows.map((r) => ({
          day: r.day,
          capability: r.capability,
          model: r.model,
          provider: r.provider,
          requests: r.requests,
          input_tokens: r.inputTokens,
          output_tokens: r.outputTokens,
          images: r.images,
          estimated_cost_usd: r.costUsd,
        })),
      });
    });
}
