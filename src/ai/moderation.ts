// Moderation of prompts and generated text: OpenAI's moderation endpoint when it is configured,
// otherwise (and always, first) the server's blocklist (AI_BLOCKLIST). Verdicts give the reason in
// plain words, so a refusal can say why.
import { APICallError } from "ai";
import type { ModerationVerdict } from "./types.ts";

/** Used when AI_BLOCKLIST is not set: phrases no generation on this server should ever serve. */
export const DEFAULT_BLOCKLIST = [
  "child sexual abuse",
  "child porn",
  "child pornography",
  "csam",
  "sexualized minor",
  "beheading video",
  "snuff film",
];

/** OpenAI category → the words a person reads. */
const CATEGORY_WORDS: Record<string, string> = {
  sexual: "sexual content",
  "sexual/minors": "sexual content involving minors",
  harassment: "harassment",
  "harassment/threatening": "threats",
  hate: "hate speech",
  "hate/threatening": "hateful threats",
  illicit: "instructions for wrongdoing",
  "illicit/violent": "instructions for violence",
  "self-harm": "self-harm",
  "self-harm/intent": "intent of self-harm",
  "self-harm/instructions": "instructions for self-harm",
  violence: "violence",
  "violence/graphic": "graphic violence",
};

function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A whole-word, case- and accent-insensitive matcher over the list's phrases. */
export function blocklistModerator(phrases: readonly string[]): (text: string) => ModerationVerdict {
  const normalised = phrases
    .map((phrase) => ({ phrase: phrase.trim(), words: normalise(phrase) }))
    .filter((p) => p.words);
  return (text) => {
    const haystack = ` ${normalise(text)} `;
    const hit = normalised.find((p) => haystack.includes(` ${p.words} `));
    return hit
      ? { flagged: true, reason: `it contains "${hit.phrase}", which this server does not allow` }
      : { flagged: false };
  };
}

export interface OpenAiModerationSettings {
  apiKey: string | undefined;
  baseUrl: string;
  model: string;
  fetch?: typeof fetch | undefined;
}

/** An image for OpenAI's omni moderation model, sent inline as a data URL. */
export interface ModerationImage {
  image: Uint8Array;
  mediaType: string;
}

function moderationInput(input: string | ModerationImage): unknown {
  if (typeof input === "string") return input;
  const url = `data:${input.mediaType};base64,${Buffer.from(input.image).toString("base64")}`;
  return [{ type: "image_url", image_url: { url } }];
}

/** One call to POST /moderations; HTTP failures surface as APICallError so withFallback can retry. */
export async function openAiModeration(
  settings: OpenAiModerationSettings,
  input: string | ModerationImage,
  signal: AbortSignal,
): Promise<ModerationVerdict> {
  const url = `${settings.baseUrl.replace(/\/+$/, "")}/moderations`;
  const body = { model: settings.model, input: moderationInput(input) };
  const response = await (settings.fetch ?? fetch)(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(settings.apiKey && { authorization: `Bearer ${settings.apiKey}` }),
    },
    body: JSON.stringify(body),
    signal,
  });
  const raw = await response.text();
  if (!response.ok) {
    throw new APICallError({
      message: `moderation answered ${response.status}`,
      url,
      requestBodyValues: body,
      statusCode: response.status,
      responseHeaders: Object.fromEntries(response.headers),
      responseBody: raw.slice(0, 2000),
      isRetryable: response.status === 429 || response.status >= 500,
    });
  }
  return readModeration(raw);
}

function readModeration(raw: string): ModerationVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error("the moderation answer is not JSON");
  }
  const result = (parsed as { results?: unknown[] }).results?.[0] as
    | { flagged?: unknown; categories?: Record<string, unknown> }
    | undefined;
  if (!result || typeof result.flagged !== "boolean") throw new Error("the moderation answer has no verdict");
  if (!result.flagged) return { flagged: false };
  const categories = Object.entries(result.categories ?? {})
    .filter(([, on]) => on === true)
    .map(([name]) => CATEGORY_WORDS[name] ?? name.replace(/[/_-]/g, " "));
  return {
    flagged: true,
    reason: categories.length
      ? `it was flagged for ${categories.join(", ")}`
      : "it was flagged by moderation",
  };
}
