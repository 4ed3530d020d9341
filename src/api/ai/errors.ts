// How AI failures leave the API: a refusal by moderation is a 422 that says why; every configured
// model failing is a 503 with the reason (which models failed and how), never a bare 500.
import { AiRefusedError, AiUnavailableError } from "../../ai/types.ts";
import { ApiError } from "../errors.ts";

/** Runs an AI call, turning AiRefusedError and AiUnavailableError into Mastodon-style errors. */
export async function aiCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof AiRefusedError) throw new ApiError(422, `Refused: ${err.message}`);
    if (err instanceof AiUnavailableError) throw new ApiError(503, `AI is unavailable: ${err.message}`);
    throw err;
  }
}
