// An image the assistant started generating (a confirmed generate_image call): its progress, then
// the pictures, with a way to post them.
import { useEffect, useState } from "react";
import { getImageGeneration, type ImageGeneration, modelLabel } from "../../api/ai.ts";
import { openComposer } from "../../hooks/compose-modal.ts";

const POLL_MS = 1500;

export function GenerationPreview({ id }: { id: string }) {
  const [generation, setGeneration] = useState<ImageGeneration | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      getImageGeneration(id)
        .then((g) => {
          if (!live) return;
          setGeneration(g);
          if (g.state === "queued" || g.state === "running") timer = setTimeout(poll, POLL_MS);
        })
        .catch((err: Error) => live && setError(err.message));
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);

  if (error) return <p className="field-error">{error}</p>;
  if (!generation) return null;
  if (generation.state === "failed") return <p className="field-error">{generation.error ?? "It failed."}</p>;
  if (generation.state !== "succeeded")
    return (
      <div className="ai-progress">
        <progress max={1} value={generation.progress} aria-label="Image generation progress" />
        <span>{Math.round(generation.progress * 100)}%</span>
      </div>
    );
  return (
    <div className="generation-preview">
      <ul className="ai-results">
        {generation.media_attachments.map((m, i) => (
          <li key={m.id}>
            <img src={m.preview_url ?? m.url ?? ""} alt={`${generation.prompt} (${i + 1})`} />
          </li>
        ))}
      </ul>
      <p className="ai-model">Made by {modelLabel(generation.model)}.</p>
      <button type="button" onClick={() => openComposer({ attach: generation.media_attachments })}>
        Post it
      </button>
    </div>
  );
}
