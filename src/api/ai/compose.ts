// POST /api/v1/ai/compose/improve {text, tone?} → {text, suggestions, model, hashtags}: writing help
// for the composer. Suggestions carry offsets into the sent text (UTF-16 code units, JS string
// indices) so a client can show each one as a diff to accept or reject; `text` has all applied.
import { Hono } from "hono";
import { z } from "zod";
import { hashtagSuggestions } from "../../ai/hashtags.ts";
import { checkAndRecordOutput } from "../../ai/output-checks.ts";
import type { WritingTone } from "../../ai/types.ts";
import type { ApiDeps } from "../deps.ts";
import { requireUser } from "../middleware/auth.ts";
import { p, parseBody } from "../params.ts";
import { aiCall } from "./errors.ts";

const TONES: Record<string, WritingTone> = {
  clearer: "clearer",
  friendlier: "friendlier",
  shorter: "shorter",
  more_formal: "more_formal",
  "more formal": "more_formal",
  "more-formal": "more_formal",
  formal: "more_formal",
};

/** Longest text accepted: a long post with room to spare; writing help is not for books. */
const MAX_TEXT = 10_000;

const improveParams = z.object({
  text: p.string(MAX_TEXT).refine((text) => text.trim() !== "", { error: "can't be blank" }),
  tone: z
    .string({ error: "must be a string" })
    .transform((tone) => tone.trim().toLowerCase())
    .refine((tone) => tone === "" || tone in TONES, {
      error: "must be one of clearer, friendlier, shorter, more_formal",
    })
    .optional(),
});

export function aiComposeRoutes(deps: ApiDeps) {
  return new Hono().post("/api/v1/ai/compose/improve", async (c) => {
    const auth = requireUser(c, "write:statuses");
    const { text, tone } = await parseBody(c, improveParams);
    const signal = c.req.raw.signal;
    const improved = await aiCall(async () => {
      const result = await deps.ai.improveText({ text, ...(tone && { tone: TONES[tone]! }), signal });
      const { model, provider, usage } = result;
      await checkAndRecordOutput(
        { db: deps.social.db, ai: deps.ai },
        result.text,
        { accountId: auth.accountId, capability: "text", model, provider, usage },
        signal,
      );
      return result;
    });
    const hashtags = await hashtagSuggestions(deps.social.db, improved.text);
    return c.json({
      text: improved.text,
      suggestions: improved.suggestions,
      model: improved.model,
      hashtags,
    });
  });
}
