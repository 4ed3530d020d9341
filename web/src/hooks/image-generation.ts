// One image generation followed to the end: started with POST /api/v1/ai/images, then updated
// from the `ai.image` events of the user stream, with a slow poll as the fallback when the
// stream is down or an event was missed.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  getImageGeneration,
  type ImageGeneration,
  type ImageRequest,
  startImageGeneration,
} from "../api/ai.ts";
import { useSession } from "./session.tsx";

const POLL_MS = 1500;
const finished = (g: ImageGeneration | null) => g?.state === "succeeded" || g?.state === "failed";

export function useImageGeneration() {
  const { stream } = useSession();
  const [generation, setGeneration] = useState<ImageGeneration | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const current = useRef<string | null>(null);

  // Events can arrive out of order with the poll: never go back from a later state.
  const accept = useCallback((next: ImageGeneration) => {
    if (next.id !== current.current) return;
    setGeneration((before) =>
      before && finished(before) && !finished(next)
        ? before
        : { ...next, progress: Math.max(next.progress, before?.id === next.id ? before.progress : 0) },
    );
  }, []);

  useEffect(() => {
    if (!stream) return;
    const unsubscribe = stream.subscribe({ stream: "user" });
    const unlisten = stream.listen((event) => {
      if (event.event === "ai.image") accept(event.payload as ImageGeneration);
    });
    return () => {
      unlisten();
      unsubscribe();
    };
  }, [stream, accept]);

  const id = generation?.id;
  const done = finished(generation);
  useEffect(() => {
    if (!id || done) return;
    const timer = setInterval(() => {
      getImageGeneration(id)
        .then(accept)
        .catch(() => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [id, done, accept]);

  const start = useCallback(async (request: ImageRequest) => {
    setStarting(true);
    setError(null);
    try {
      const started = await startImageGeneration(request);
      current.current = started.id;
      setGeneration(started);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setStarting(false);
    }
  }, []);

  const reset = useCallback(() => {
    current.current = null;
    setGeneration(null);
    setError(null);
  }, []);

  return { generation, error, starting, start, reset };
}
