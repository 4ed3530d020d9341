// A timeline of posts: pages from the API, live posts from the streaming API held behind the
// "new posts" pill, edits and deletions applied in place wherever they come from.
import { useEffect } from "react";
import { apiPage, type Page } from "../api/client.ts";
import { HOME_FEED_KEY, takePrefetched } from "../api/prefetch.ts";
import { onStatusChange } from "../api/statuses.ts";
import type { Status } from "../api/types.ts";
import { type PagedList, usePagedList } from "./paged-list.ts";
import { useSession } from "./session.tsx";

export interface TimelineSpec {
  /** API path of the list, e.g. /api/v1/timelines/home. */
  path: string;
  query?: Record<string, string | boolean>;
  /** The stream that carries new posts for this list, if any. */
  stream?: { stream: string; tag?: string };
  /** Whether a post you just wrote belongs at the top of this list. */
  acceptsOwn?: boolean;
}

const sameStatus = (a: Status, id: string) => a.id === id || a.reblog?.id === id;

export function useTimeline(spec: TimelineSpec): PagedList<Status> {
  const { stream, me } = useSession();
  const key = `${spec.path}?${JSON.stringify(spec.query ?? {})}`;
  const list = usePagedList<Status>(
    (maxId) =>
      (!maxId && spec.path === "/api/v1/timelines/home"
        ? takePrefetched<Page<Status>>(HOME_FEED_KEY)
        : undefined) ?? apiPage<Status>(spec.path, { query: { ...spec.query, max_id: maxId, limit: 20 } }),
    key,
  );
  const { receive, update } = list;

  // Changes made in this app (edits, favourites, deletions, new posts).
  useEffect(
    () =>
      onStatusChange(({ updated, deletedId }) => {
        if (deletedId) update((s) => (sameStatus(s, deletedId) ? null : s));
        if (!updated) return;
        update((s) =>
          s.id === updated.id ? updated : s.reblog?.id === updated.id ? { ...s, reblog: updated } : s,
        );
        // `receive` skips what the list already holds, so an edit never adds a second copy.
        if (spec.acceptsOwn && updated.account.id === me?.id && !updated.in_reply_to_id)
          receive(updated, true);
      }),
    [update, receive, spec.acceptsOwn, me?.id],
  );

  // Live posts from the server.
  const streamName = spec.stream?.stream;
  const streamTag = spec.stream?.tag;
  useEffect(() => {
    if (!stream || !streamName) return;
    const streamKey = streamTag ? [streamName, streamTag] : [streamName];
    const unsubscribe = stream.subscribe(
      streamTag ? { stream: streamName, tag: streamTag } : { stream: streamName },
    );
    const unlisten = stream.listen((event) => {
      if (event.stream.join(":").toLowerCase() !== streamKey.join(":").toLowerCase()) return;
      if (event.event === "update") receive(event.payload as Status);
      else if (event.event === "status.update") {
        const changed = event.payload as Status;
        update((s) =>
          s.id === changed.id ? changed : s.reblog?.id === changed.id ? { ...s, reblog: changed } : s,
        );
      } else if (event.event === "delete") {
        const id = String(event.payload);
        update((s) => (sameStatus(s, id) ? null : s));
      }
    });
    return () => {
      unlisten();
      unsubscribe();
    };
  }, [stream, streamName, streamTag, receive, update]);

  return list;
}
