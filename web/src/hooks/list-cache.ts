// Lists you leave (a feed, when you open a post) are kept for a while, so Back shows them as they
// were, at the same scroll position, instead of starting over from the top.
import { onStatusChange } from "../api/statuses.ts";
import type { Status } from "../api/types.ts";

const MAX_AGE_MS = 10 * 60_000;

interface Entry {
  items: unknown[];
  cursor: string | null;
  done: boolean;
  at: number;
}

const cache = new Map<string, Entry>();

type Listed = { id: string; reblog?: Status | null; status?: Status | null };

/** Applies an edit or a deletion made while a list was off screen to its kept copy. */
function applyChange(
  item: Listed,
  updated: Status | undefined,
  deletedId: string | undefined,
): Listed | null {
  const inner = item.reblog ?? item.status;
  if (deletedId && (item.id === deletedId || inner?.id === deletedId)) return null;
  if (!updated) return item;
  if (item.id === updated.id) return updated;
  if (item.reblog?.id === updated.id) return { ...item, reblog: updated };
  if (item.status?.id === updated.id) return { ...item, status: updated };
  return item;
}

onStatusChange(({ updated, deletedId }) => {
  for (const entry of cache.values()) {
    entry.items = (entry.items as Listed[]).flatMap((item) => applyChange(item, updated, deletedId) ?? []);
  }
});

export function readListCache<T>(key: string): { items: T[]; cursor: string | null; done: boolean } | null {
  const entry = cache.get(key);
  if (!entry || Date.now() - entry.at > MAX_AGE_MS) return null;
  return entry as unknown as { items: T[]; cursor: string | null; done: boolean };
}

const MAX_LISTS = 20;

export function writeListCache(key: string, entry: Omit<Entry, "at">): void {
  if (!entry.items.length) return;
  cache.delete(key); // re-inserted last: the Map's order is least recently left first
  cache.set(key, { ...entry, at: Date.now() });
  if (cache.size > MAX_LISTS) cache.delete(cache.keys().next().value!);
}

/** Forgets the kept lists whose key starts with `prefix` (they changed elsewhere, e.g. a post the assistant made). */
export function forgetListCache(prefix: string): void {
  for (const key of [...cache.keys()]) if (key.startsWith(prefix)) cache.delete(key);
}

/** Forgets everything (on sign-out: the next person must not see the last one's feed). */
export function clearListCache(): void {
  cache.clear();
}

/** Whether id `a` is newer than id `b` (ids are numeric strings, newer is larger). */
export function isNewer(a: string, b: string): boolean {
  return a.length === b.length ? a > b : a.length > b.length;
}
