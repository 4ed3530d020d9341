// A post with what it answers (ancestors) and its replies (descendants), and an inline reply box.
import { useCallback, useEffect, useState } from "react";
import { getContext, getStatus, onStatusChange } from "../api/statuses.ts";
import type { Context, Status } from "../api/types.ts";
import { Composer } from "../components/composer/composer.tsx";
import { Loading } from "../components/skeleton.tsx";
import { StatusCard } from "../components/status-card.tsx";
import { ErrorNotice } from "../components/status-list.tsx";
import { useSession } from "../hooks/session.tsx";

export default function ThreadPage({ id }: { id: string }) {
  const { me } = useSession();
  const [status, setStatus] = useState<Status | null>(null);
  const [context, setContext] = useState<Context>({ ancestors: [], descendants: [] });
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    Promise.all([getStatus(id), getContext(id)])
      .then(([s, c]) => {
        setStatus(s);
        setContext(c);
      })
      .catch((err: Error) => setError(err.message));
  }, [id]);

  useEffect(() => {
    setStatus(null);
    load();
  }, [load]);

  useEffect(
    () =>
      onStatusChange(({ updated, deletedId }) => {
        const replace = (list: Status[]) =>
          list.flatMap((s) => (s.id === deletedId ? [] : s.id === updated?.id ? [updated] : [s]));
        if (updated?.id === id) setStatus(updated);
        if (deletedId === id) setError("This post was deleted.");
        setContext((c) => ({ ancestors: replace(c.ancestors), descendants: replace(c.descendants) }));
        if (updated && updated.in_reply_to_id === id) {
          setContext((c) =>
            c.descendants.some((s) => s.id === updated.id)
              ? c
              : { ...c, descendants: [...c.descendants, updated] },
          );
        }
      }),
    [id],
  );

  if (error) return <ErrorNotice message={error} onRetry={load} />;
  if (!status) return <Loading label="Loading the conversation" />;
  return (
    <div className="page thread">
      <h1 className="visually-hidden">Post by @{status.account.acct}</h1>
      {context.ancestors.map((s) => (
        <StatusCard key={s.id} status={s} />
      ))}
      <div className="thread-focus" aria-current="true">
        <StatusCard status={status} focused />
      </div>
      {me ? <Composer replyTo={status} compact /> : null}
      <section aria-label="Replies">
        {context.descendants.map((s) => (
          <StatusCard key={s.id} status={s} />
        ))}
        {context.descendants.length === 0 ? <p className="empty">No replies yet.</p> : null}
      </section>
    </div>
  );
}
