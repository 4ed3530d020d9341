// Reporting a post to the moderators: a reason, optional details, sent with the post attached.
import { type FormEvent, useState } from "react";
import { report } from "../api/accounts.ts";
import type { Status } from "../api/types.ts";
import { toast } from "../hooks/toasts.tsx";
import { FormError } from "./form-error.tsx";
import { Modal } from "./modal.tsx";

const REASONS = [
  { value: "spam", label: "It's spam" },
  { value: "legal", label: "It's illegal" },
  { value: "violation", label: "It breaks the server rules" },
  { value: "other", label: "Something else" },
] as const;

export function ReportDialog({ status, onClose }: { status: Status; onClose: () => void }) {
  const [category, setCategory] = useState<(typeof REASONS)[number]["value"]>("other");
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await report(status.account.id, [status.id], comment, category);
      toast("Thanks — the moderators will look at it");
      onClose();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <Modal title={`Report @${status.account.acct}`} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <fieldset>
          <legend>What's wrong with this post?</legend>
          {REASONS.map((r) => (
            <label key={r.value} className="checkbox">
              <input
                type="radio"
                name="category"
                value={r.value}
                checked={category === r.value}
                onChange={() => setCategory(r.value)}
              />
              {r.label}
            </label>
          ))}
        </fieldset>
        <label>
          Anything the moderators should know? (optional)
          <textarea rows={3} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
        <FormError message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Sending…" : "Send report"}
        </button>
      </form>
    </Modal>
  );
}
