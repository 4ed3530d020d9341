// The posts an answer cites, as post cards under it. Each is read with the person's own token,
// so a card shows only what they may see (the server checked the citations already).
import { useEffect, useState } from "react";
import type { Citation } from "../../api/assistant.ts";
import { getStatus } from "../../api/statuses.ts";
import type { Status } from "../../api/types.ts";
import { StatusCard } from "../status-card.tsx";

const cache = new Map<string, Promise<Status | null>>();

function load(id: string): Promise<Status | null> {
  let entry = cache.get(id);
  if (!entry) {
    entry = getStatus(id).catch(() => null);
    cache.set(id, entry);
  }
  return entry;
}

export function CitationCards({ citations }: { citations: Citation[] }) {
  const [statuses, setStatuses] = useState<Status[]>([]);
  const key = citations.map((c) => c.status_id).join(",");
  useEffect(() => {
    let live = true;
    const ids = key ? key.split(",") : [];
    Promise.all(ids.map(load)).then((list) => {
      if (live) setStatuses(list.filter((s): s is Status => s !== null));
    });
    return () => {
      live = false;
    };
  }, [key]);
  if (!citations.length) return null;
  return (
    <section className="citations" aria-label="Cited posts">
      <h4 className="citations-title">
        Sources ({citations.length} {citations.length === 1 ? "post" : "posts"})
      </h4>
      {statuses.map((s) => (
        <div className="citation" key={s.id} id={`cite-${s.id}`}>
          <StatusCard status={s} />
        </div>
      ))}
    </section>
  );
}
