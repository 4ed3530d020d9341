// A feed of posts: skeletons while the first page loads, the "N new posts" pill for live
// arrivals, infinite scroll, and errors in plain words with a retry.
import type { ReactNode } from "react";
import type { Status } from "../api/types.ts";
import { useInfiniteScroll } from "../hooks/infinite-scroll.ts";
import type { PagedList } from "../hooks/paged-list.ts";
import { StatusSkeleton } from "./skeleton.tsx";
import { StatusCard } from "./status-card.tsx";

export function ErrorNotice({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Floats over the list (it takes no room), so showing it never moves what the reader is reading. */
export function NewItemsPill({ count, noun, onShow }: { count: number; noun: string; onShow: () => void }) {
  if (!count) return null;
  return (
    <div className="new-pill-anchor">
      <button
        type="button"
        className="new-pill"
        onClick={() => {
          onShow();
          window.scrollTo({ top: 0, behavior: "smooth" });
        }}
      >
        {count} new {noun}
        {count === 1 ? "" : "s"}
      </button>
    </div>
  );
}

export function ListFooter<T>({ list, label }: { list: PagedList<T & { id: string }>; label: string }) {
  const sentinel = useInfiniteScroll<HTMLDivElement>(
    list.loadMore,
    !list.done && !list.error,
    list.items.length,
  );
  return (
    <>
      {list.error ? <ErrorNotice message={list.error} onRetry={list.retry} /> : null}
      {list.loading ? (
        <div role="status" aria-label={`Loading ${label}`}>
          <StatusSkeleton count={list.items.length ? 1 : 3} />
        </div>
      ) : null}
      <div ref={sentinel} className="sentinel" />
      {list.done && list.items.length > 0 ? <p className="end-of-list">You're all caught up.</p> : null}
    </>
  );
}

export function StatusList({
  list,
  empty,
  label,
}: {
  list: PagedList<Status>;
  empty: ReactNode;
  label: string;
}) {
  return (
    <section aria-label={label}>
      <NewItemsPill count={list.pending.length} noun="post" onShow={list.reveal} />
      <div className="feed">
        {list.items.map((status) => (
          <StatusCard key={status.id} status={status} />
        ))}
      </div>
      {!list.loading && !list.error && list.items.length === 0 ? <p className="empty">{empty}</p> : null}
      <ListFooter list={list} label={label} />
    </section>
  );
}
