// "Describe" in the alt-text editor: asks the vision model for alt text (stored on the server as
// the attachment's description) and fills the box; the built-in engine's guess about an upload is
// marked as a draft for the author to check.
import { useState } from "react";
import { describeMedia, modelLabel } from "../../api/ai.ts";

export function DescribeButton({
  mediaId,
  index,
  onDescribed,
}: {
  mediaId: string | undefined;
  index: number;
  onDescribed: (description: string, note: { model: string; draft: boolean }) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    if (!mediaId) return;
    setBusy(true);
    setError(null);
    try {
      const result = await describeMedia(mediaId);
      onDescribed(result.description, { model: result.model, draft: result.draft });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="chip describe-button"
        disabled={!mediaId || busy}
        aria-label={`Describe image ${index + 1}`}
        onClick={run}
      >
        {busy ? "Describing…" : "Describe"}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

export function DescriptionNote({ note }: { note: { model: string; draft: boolean } }) {
  return (
    <span className={`alt-note${note.draft ? " draft" : ""}`}>
      {note.draft ? "Draft from " : "Written by "}
      {modelLabel(note.model)}
      {note.draft ? " — check it and edit before posting." : "."}
    </span>
  );
}
