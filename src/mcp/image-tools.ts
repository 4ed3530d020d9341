// The MCP server's image tools: queue a generation (the same domain service as POST
// /api/v1/ai/images, with its moderation and quotas), wait a little for it, and check on it later.
// A finished generation's media ids can be attached to a post with post_status.
import { setTimeout as sleep } from "node:timers/promises";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import {
  getImageGeneration,
  type ImageGenerationView,
  MAX_IMAGES_PER_REQUEST,
  MAX_SEED,
  requestImageGeneration,
} from "../ai/images/generations.ts";
import type { ImageQuotas } from "../ai/images/quota.ts";
import type { AiService } from "../ai/types.ts";
import type { SerializeContext } from "../api/mastodon/serializers/context.ts";
import { isId } from "../api/params.ts";
import type { SocialContext } from "../social/context.ts";
import { plainText } from "./inputs.ts";

export interface ImageToolDeps {
  social: SocialContext;
  serialize: SerializeContext;
  ai: AiService;
  quotas: ImageQuotas;
  /** Nudges this process's job worker after an enqueue. */
  wakeJobs?: (() => void) | undefined;
}

const POLL_MS = 250;

const generationSchema = z.object({
  id: z.string(),
  state: z.enum(["queued", "running", "succeeded", "failed"]),
  progress: z.number(),
  error: z.string().nullable(),
  prompt: z.string(),
  media: z.array(z.object({ id: z.string(), url: z.string(), description: z.string().nullable() })),
});

type GenerationDigest = z.infer<typeof generationSchema>;

function digest(view: ImageGenerationView, serialize: SerializeContext): GenerationDigest {
  return {
    id: String(view.generation.id),
    state: view.state,
    progress: view.progress,
    error: view.error,
    prompt: view.generation.prompt,
    media: view.media.map((m) => ({
      id: String(m.id),
      url: serialize.mediaUrl(m.fileKey),
      description: m.description,
    })),
  };
}

function describe(g: GenerationDigest): string {
  switch (g.state) {
    case "succeeded":
      return [
        `Image generation ${g.id} is done (${g.media.length} image${g.media.length === 1 ? "" : "s"}):`,
        ...g.media.map((m) => `- media id ${m.id}: ${m.url}`),
        "Attach them to a post with post_status media_ids.",
      ].join("\n");
    case "failed":
      return `Image generation ${g.id} failed: ${g.error ?? "unknown error"}`;
    default:
      return `Image generation ${g.id} is ${g.state} (${Math.round(g.progress * 100)}%). Check again with image_status.`;
  }
}

const result = (g: GenerationDigest): CallToolResult => ({
  content: [{ type: "text", text: describe(g) }],
  structuredContent: { generation: g },
  ...(g.state === "failed" ? { isError: true } : {}),
});

/** Registers generate_image and image_status; `run` applies the server's scope and error handling. */
export function registerImageTools(
  server: McpServer,
  deps: ImageToolDeps,
  caller: { accountId: bigint },
  run: (name: string, scope: string, body: () => Promise<CallToolResult>) => Promise<CallToolResult>,
): void {
  const { social, serialize } = deps;
  const view = async (id: bigint) =>
    digest(await getImageGeneration(social.db, id, caller.accountId), serialize);

  /** Polls until the generation finishes, the time is up or the caller goes away (`signal`). */
  const waitFor = async (id: bigint, seconds: number, signal: AbortSignal): Promise<GenerationDigest> => {
    const deadline = Date.now() + seconds * 1000;
    let current = await view(id);
    while ((current.state === "queued" || current.state === "running") && Date.now() < deadline) {
      try {
        await sleep(POLL_MS, undefined, { signal });
      } catch {
        break; // aborted: nobody is waiting for the answer any more
      }
      current = await view(id);
    }
    return current;
  };

  server.registerTool(
    "generate_image",
    {
      title: "Generate an image",
      description:
        "Creates images from a text prompt with this server's image model, as the signed-in person (needs " +
        "the write:media scope; counts against their daily quota). Waits up to wait_seconds for the result; " +
        "returns media ids to attach to a post with post_status.",
      inputSchema: {
        prompt: plainText(2000, 1).describe("What the image shows"),
        n: z.number().int().min(1).max(MAX_IMAGES_PER_REQUEST).default(1).describe("How many images"),
        size: z
          .string()
          .regex(/^\d{2,4}x\d{2,4}$/, { error: "must be WIDTHxHEIGHT, like 1024x1024" })
          .default("1024x1024")
          .describe("WIDTHxHEIGHT in pixels, 64 to 2048 each"),
        style: plainText(40).optional().describe('A style word, e.g. "watercolor", "pixel", "photo"'),
        seed: z.number().int().min(0).max(MAX_SEED).optional().describe("Same prompt and seed, same picture"),
        wait_seconds: z.number().min(0).max(60).default(20).describe("How long to wait for the images"),
      },
      outputSchema: { generation: generationSchema },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    (input, extra) =>
      run("generate_image", "write:media", async () => {
        const [width, height] = input.size.split("x").map(Number) as [number, number];
        if (![width, height].every((side) => side >= 64 && side <= 2048))
          return {
            isError: true,
            content: [{ type: "text", text: "size must have sides from 64 to 2048 pixels" }],
          };
        const queued = await requestImageGeneration(
          { db: social.db, ai: deps.ai, quotas: deps.quotas },
          {
            accountId: caller.accountId,
            prompt: input.prompt,
            n: input.n,
            size: { width, height },
            style: input.style?.trim() || undefined,
            seed: input.seed,
          },
        );
        deps.wakeJobs?.();
        return result(await waitFor(queued.generation.id, input.wait_seconds, extra.signal));
      }),
  );

  server.registerTool(
    "image_status",
    {
      title: "Check an image generation",
      description: "The state of an image generation started with generate_image, with its media once done.",
      inputSchema: {
        generation_id: z
          .string()
          .refine(isId, { message: "must be a generation id" })
          .describe("From generate_image"),
        wait_seconds: z.number().min(0).max(60).default(0).describe("How long to wait for it to finish"),
      },
      outputSchema: { generation: generationSchema },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ generation_id, wait_seconds }, extra) =>
      run("image_status", "write:media", async () =>
        result(await waitFor(BigInt(generation_id), wait_seconds, extra.signal)),
      ),
  );
}
