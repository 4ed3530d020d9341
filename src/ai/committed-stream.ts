// A provider stream after fallback is over: the first piece of text has arrived, so from here on a
// failure ends the stream (the person has already seen words) and an idle timer replaces the
// per-try timeout, since a long answer may take minutes but should never stall for long.
import type { ModelRef } from "./model-ref.ts";
import type { StartedStream } from "./providers/text.ts";
import { AiUnavailableError, type GeneratedText, type TextStream } from "./types.ts";

/** Wraps a started provider stream: replays the first piece, resets the idle timer on each piece. */
export function committedStream(
  started: StartedStream,
  model: ModelRef,
  idle: AbortController,
  idleMs: number,
): TextStream {
  let resolveResult!: (value: GeneratedText) => void;
  let rejectResult!: (err: unknown) => void;
  const result = new Promise<GeneratedText>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  result.catch(() => {}); // a caller that only reads textStream sees the error there
  async function* textStream(): AsyncGenerator<string> {
    let text = started.first;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(new AiUnavailableError(`${model.id} stopped answering`)), idleMs);
    };
    try {
      if (started.first) yield started.first;
      arm();
      for (;;) {
        const next = await started.rest.next();
        if (next.done) break;
        text += next.value;
        arm();
        yield next.value;
      }
      finished = true;
      resolveResult({ text, model: model.id, provider: model.provider, usage: started.usage() });
    } catch (err) {
      finished = true;
      rejectResult(err);
      throw err;
    } finally {
      clearTimeout(timer);
      if (!finished) {
        // The reader stopped early (a client went away): cancel the request instead of reading on.
        const stopped = new AiUnavailableError("the stream was not read to its end");
        idle.abort(stopped);
        rejectResult(stopped);
        await started.rest.return?.(undefined);
      }
    }
  }
  return { model: model.id, provider: model.provider, textStream: textStream(), result };
}
