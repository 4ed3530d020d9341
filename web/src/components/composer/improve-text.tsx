// "Improve" in the composer: writing help in a chosen tone, shown as a diff of suggestions the
// author accepts or rejects one by one (or all at once) before anything changes in the post.
import { useId, useState } from "react";
import { type Improvement, improveText, modelLabel } from "../../api/ai.ts";
import { FormError } from "../form-error.tsx";
import { applySuggestions, contextOf } from "./apply-suggestions.ts";

const TONES = [
  { value: "", label: "Just fix mistakes" },
  { value: "clearer", label: "Clearer" },
  { value: "friendlier", label: "Friendlier" },
  { value: "shorter", label: "Shorter" },
  { value: "more_formal", label: "More formal" },
];

type Decision = "accepted" | "rejected" | undefined;

export function ImproveText({
  text,
  setText,
  onClose,
}: {
  text: string;
  setText: (text: string) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [tone, setTone] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<(Improvement & { original: string }) | null>(null);
  const [decisions, setDecisions] = useState<Decision[]>([]);

  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      const improvement = await improveText(text, tone || undefined);
      setResult({ ...improvement, original: text });
      setDecisions(improvement.suggestions.map(() => undefined));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const stale = result !== null && result.original !== text;
  const accepted = result ? result.suggestions.filter((_, i) => decisions[i] === "accepted") : [];
  const decide = (i: number, d: Decision) => setDecisions(decisions.map((x, j) => (j === i ? d : x)));
  const apply = () => {
    if (!result) return;
    const all = accepted.length === result.suggestions.length;
    setText(all ? result.text : applySuggestions(result.original, accepted));
    onClose();
  };

  return (
    <section className="ai-panel" aria-labelledby={`${id}-title`}>
      <div className="ai-panel-header">
        <h3 id={`${id}-title`}>Improve your post</h3>
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="ai-improve-controls">
        <label>
          <span>Tone</span>
          <select value={tone} onChange={(event) => setTone(event.target.value)}>
            {TONES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" disabled={busy || !text.trim()} onClick={check}>
          {busy ? "Checking…" : result ? "Check again" : "Suggest changes"}
        </button>
      </div>
      <FormError message={error} />
      {result ? (
        <>
          <p className="ai-model">
            Suggestions by {modelLabel(result.model)}
            {stale ? " — your text changed since; check again to apply them." : "."}
          </p>
          {result.suggestions.length === 0 ? (
            <p className="empty">No changes to suggest. It reads well.</p>
          ) : (
            <>
              <ul className="ai-suggestions">
                {result.suggestions.map((s, i) => {
                  const { before, after } = contextOf(result.original, s);
                  const d = decisions[i];
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: suggestions are a fixed list
                    <li key={i} className={`ai-suggestion${d ? ` ${d}` : ""}`}>
                      <p className="ai-diff">
                        {before}
                        {s.length ? <del>{result.original.slice(s.offset, s.offset + s.length)}</del> : null}
                        {s.replacement ? <ins>{s.replacement}</ins> : null}
                        {after}
                      </p>
                      <p className="ai-suggestion-message">{s.message}</p>
                      <div className="ai-suggestion-actions">
                        <button
                          type="button"
                          aria-pressed={d === "accepted"}
                          aria-label={`Accept suggestion ${i + 1}`}
                          onClick={() => decide(i, d === "accepted" ? undefined : "accepted")}
                        >
                          Accept
                        </button>
                        <button
                          type="button"
                          aria-pressed={d === "rejected"}
                          aria-label={`Reject suggestion ${i + 1}`}
                          onClick={() => decide(i, d === "rejected" ? undefined : "rejected")}
                        >
                          Reject
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ul>
              <div className="ai-improve-controls">
                <button type="button" onClick={() => setDecisions(result.suggestions.map(() => "accepted"))}>
                  Accept all
                </button>
                <button type="button" onClick={() => setDecisions(result.suggestions.map(() => "rejected"))}>
                  Reject all
                </button>
                <button
                  type="button"
                  className="primary"
                  disabled={stale || !accepted.length}
                  onClick={apply}
                >
                  Apply {accepted.length} {accepted.length === 1 ? "change" : "changes"}
                </button>
              </div>
            </>
          )}
          {result.hashtags?.length ? (
            <p className="ai-hashtags">
              Trending here:{" "}
              {result.hashtags.map((tag) => (
                <button
                  key={tag}
                  type="button"
                  className="chip"
                  onClick={() => setText(`${text.trimEnd()} #${tag.replace(/^#/, "")}`)}
                >
                  Add #{tag.replace(/^#/, "")}
                </button>
              ))}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
