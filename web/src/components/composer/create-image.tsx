// "Create image" in the composer: a prompt with size, style and count; live progress from the
// stream (or a poll); then the results to pick from, attached with generated alt text. A remix
// starts here too, with the original's prompt and `remix_of_id`.
import { useId, useState } from "react";
import { describeMedia, modelLabel } from "../../api/ai.ts";
import type { MediaAttachment } from "../../api/types.ts";
import { useImageGeneration } from "../../hooks/image-generation.ts";
import { FormError } from "../form-error.tsx";

export interface RemixSource {
  statusId: string;
  acct: string;
  prompt: string;
}

const SIZES = [
  { value: "1024x1024", label: "Square 1:1" },
  { value: "1024x768", label: "Landscape 4:3" },
  { value: "768x1024", label: "Portrait 3:4" },
];
const STYLES = ["", "watercolor", "sketch", "photo", "pixel", "neon", "pastel", "vintage", "minimal", "flat"];
const STATE_TEXT = {
  queued: "Waiting for its turn…",
  running: "Generating…",
  succeeded: "Done",
  failed: "Failed",
};

export function CreateImage({
  room,
  remix,
  onAttach,
  onClose,
}: {
  /** How many more images the post can take. */
  room: number;
  remix?: RemixSource | undefined;
  onAttach: (media: MediaAttachment, note?: { model: string; draft: boolean }) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [prompt, setPrompt] = useState(remix?.prompt ?? "");
  const [size, setSize] = useState(SIZES[0]!.value);
  const [style, setStyle] = useState("");
  const [count, setCount] = useState(Math.min(2, Math.max(1, room)));
  const [picked, setPicked] = useState<string[]>([]);
  const [attaching, setAttaching] = useState(false);
  const [attachError, setAttachError] = useState<string | null>(null);
  const { generation, error, starting, start, reset } = useImageGeneration();
  const busy = starting || generation?.state === "queued" || generation?.state === "running";
  const results = generation?.state === "succeeded" ? generation.media_attachments : [];

  const generate = (event: { preventDefault(): void }) => {
    event.preventDefault();
    if (!prompt.trim() && !remix) return;
    setPicked([]);
    void start({
      n: count,
      size,
      ...(prompt.trim() ? { prompt: prompt.trim() } : {}),
      ...(style ? { style } : {}),
      ...(remix ? { remix_of_id: remix.statusId } : {}),
    });
  };

  // Picked images get alt text from the vision model (stored on the server too) before they attach.
  const attach = async () => {
    setAttaching(true);
    setAttachError(null);
    try {
      const chosen = results.filter((m) => picked.includes(m.id)).slice(0, room);
      const described = await Promise.all(
        chosen.map((m) =>
          describeMedia(m.id)
            .then((d) => ({ media: d.media_attachment, note: { model: d.model, draft: d.draft } }))
            // Without alt text it still attaches; the author can write one.
            .catch(() => ({ media: m, note: undefined })),
        ),
      );
      for (const { media, note } of described) onAttach(media, note);
      reset();
      onClose();
    } catch (err) {
      setAttachError((err as Error).message);
    } finally {
      setAttaching(false);
    }
  };

  const percent = Math.round((generation?.progress ?? 0) * 100);
  return (
    <section className="ai-panel" aria-labelledby={`${id}-title`}>
      <div className="ai-panel-header">
        <h3 id={`${id}-title`}>{remix ? "Create your remix" : "Create an image"}</h3>
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </div>
      {/* A div, not a form: the composer is already a form and forms can't nest. */}
      <div className="ai-create-fields">
        <label className="ai-prompt">
          <span>Describe the image</span>
          <textarea
            rows={2}
            value={prompt}
            maxLength={2000}
            placeholder="A lighthouse at dusk, woodcut"
            onChange={(event) => setPrompt(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) generate(event);
            }}
          />
        </label>
        <label>
          <span>Size</span>
          <select value={size} onChange={(event) => setSize(event.target.value)}>
            {SIZES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Style</span>
          <select value={style} onChange={(event) => setStyle(event.target.value)}>
            {STYLES.map((s) => (
              <option key={s} value={s}>
                {s ? s[0]!.toUpperCase() + s.slice(1) : "Any style"}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>How many</span>
          <select value={count} onChange={(event) => setCount(Number(event.target.value))}>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          disabled={busy || (!prompt.trim() && !remix)}
          onClick={generate}
        >
          {busy ? "Generating…" : generation ? "Generate again" : "Generate"}
        </button>
      </div>
      <FormError
        message={error ?? (generation?.state === "failed" ? (generation.error ?? "It failed.") : null)}
      />
      {generation && generation.state !== "succeeded" && generation.state !== "failed" ? (
        <div className="ai-progress">
          <progress max={1} value={generation.progress} aria-label="Image generation progress" />
          <span aria-live="polite">
            {STATE_TEXT[generation.state]} {generation.state === "running" ? `${percent}%` : ""}
          </span>
        </div>
      ) : null}
      {results.length ? (
        <>
          <p className="ai-model">
            Made by {modelLabel(generation?.model)}. Pick the images to attach
            {room < results.length ? ` (room for ${room})` : ""}.
          </p>
          <ul className="ai-results">
            {results.map((m, i) => {
              const on = picked.includes(m.id);
              return (
                <li key={m.id}>
                  <button
                    type="button"
                    className={`ai-result${on ? " picked" : ""}`}
                    aria-pressed={on}
                    aria-label={`Pick image ${i + 1}`}
                    onClick={() =>
                      setPicked(
                        on ? picked.filter((x) => x !== m.id) : [...picked, m.id].slice(-Math.max(1, room)),
                      )
                    }
                  >
                    <img
                      src={m.preview_url ?? m.url ?? ""}
                      alt={`Result ${i + 1}: ${generation?.prompt ?? ""}`}
                    />
                  </button>
                </li>
              );
            })}
          </ul>
          <FormError message={attachError} />
          <button
            type="button"
            className="primary"
            disabled={!picked.length || attaching || room <= 0}
            onClick={attach}
          >
            {attaching
              ? "Attaching…"
              : `Attach ${picked.length || ""} ${picked.length === 1 ? "image" : "images"}`}
          </button>
        </>
      ) : null}
    </section>
  );
}
