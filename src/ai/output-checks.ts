// What every AI answer shown to a person goes through before it is returned: moderation of the
// generated text (OpenAI's endpoint when configured, else the blocklist — the same check as
// prompts), then a usage record for the person and model.
import type { Executor } from "../db/client.ts";
import { AiRefusedError, type AiService } from "./types.ts";
import { recordAiUsage, type UsageRecord } from "./usage.ts";

export interface OutputCheckDeps {
  db: Executor;
  ai: AiService;
}

/** Throws AiRefusedError (a 422 that says why) when the generated text is flagged. */
export async function refuseFlaggedOutput(ai: AiService, text: string, signal?: AbortSignal): Promise<void> {
  const verdict = await ai.moderate(text, signal);
  if (verdict.flagged) {
    throw new AiRefusedError(`the generated text was withheld: ${verdict.reason ?? "moderation flagged it"}`);
  }
}

/** Moderates `text`, then records the call's usage; the answer is only returned after both. */
export async function checkAndRecordOutput(
  deps: OutputCheckDeps,
  text: string,
  record: UsageRecord,
  signal?: AbortSignal,
): Promise<void> {
  await refuseFlaggedOutput(deps.ai, text, signal);
  await recordAiUsage(deps.db, record);
}
