// "Edited": a button that shows every version of a post, newest first.
import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { Status } from "../api/types.ts";
import { Modal } from "./modal.tsx";
import { RenderedHtml } from "./rendered-html.tsx";

interface StatusEdit {
  content: string;
  spoiler_text: string;
  created_at: string;
}

function History({ status, onClose }: { status: Status; onClose: () => void }) {
  const [versions, setVersions] = useState<StatusEdit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<StatusEdit[]>(`/api/v1/statuses/${status.id}/history`)
      .then((list) => setVersions([...list].reverse()))
      .catch((err: Error) => setError(err.message));
  }, [status.id]);
  return (
    <Modal title="Edit history" onClose={onClose}>
      {error ? <p role="alert">{error}</p> : null}
      {versions === null && !error ? <p>Loading…</p> : null}
      <ol className="edit-history">
        {versions?.map((v, i) => (
          <li key={v.created_at}>
            <p className="muted">
              {i === versions.length - 1 ? "Posted" : "Edited"} {new Date(v.created_at).toLocaleString()}
            </p>
            {v.spoiler_text ? <p className="spoiler-text">{v.spoiler_text}</p> : null}
            <RenderedHtml html={v.content} className="status-content" />
          </li>
        ))}
      </ol>
    </Modal>
  );
}

export function EditedBadge({ status }: { status: Status }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {" · "}
      <button type="button" className="link-button edited" onClick={() => setOpen(true)}>
        edited
      </button>
      {open ? <History status={status} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
