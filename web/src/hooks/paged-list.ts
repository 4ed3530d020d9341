// A list fed page by page through the API's Link-header cursors, plus a buffer of items that
// arrived live (shown behind a "N new" pill so the reader's place never jumps), never duplicated.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Page } from "../api/client.ts";
import { isNewer, readListCache, writeListCache } from "./list-cache.ts";

export interface PagedList<T> {
  items: T[];
  pending: T[];
  loading: boolean;
  error: string | null;
  done: boolean;
  loadMore(): void;
  retry(): void;
  /** Moves the live buffer to the top of the list. */
  reveal(): void;
  /** Adds items that arrived live; `direct` puts them straight in the list (your own posts). */
  receive(item: T, direct?: boolean): void;
  update(fn: (item: T) => T | null): void;
}

export function usePagedList<T extends { id: string }>(
  fetchPage: (maxId: string | null) => Promise<Page<T>>,
  key: string,
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [pending, setPending] = useState<T[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const cursor = useRef<string | null>(null);
  const inFlight = useRef(false);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((reset: boolean) => {
    if (inFlight.current && !reset) return;
    const run = ++generation.current;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    fetchRef
      .current(reset ? null : cursor.current)
      .then((page) => {
        if (run !== generation.current) return;
        cursor.current = page.next;
        setDone(page.next === null);
        setItems((current) => {
          const base = reset ? [] : current;
          const seen = new Set(base.map((item) => item.id));
          return [...base, ...page.items.filter((item) => !seen.has(item.id))];
        });
      })
      .catch((err: Error) => {
        if (run === generation.current) setError(err.message);
      })
      .finally(() => {
        if (run !== generation.current) return;
        inFlight.current = false;
        setLoading(false);
      });
  }, []);

  // What the list shows right now, for the cache when the list is left (unmount or a new key).
  const shown = useRef({ items, done });
  shown.current = { items, done };

  useEffect(() => {
    setPending([]);
    inFlight.current = false;
    const saved = readListCache<T>(key);
    if (saved) {
      // Back to a list left earlier: show it as it was, and put what is newer behind the pill.
      ++generation.current;
      setItems(saved.items);
      setDone(saved.done);
      setError(null);
      setLoading(false);
      cursor.current = saved.cursor;
      const top = saved.items[0];
      fetchRef
        .current(null)
        .then((page) => {
          const newer = page.items.filter((item) => top && isNewer(item.id, top.id));
          setPending((current) => [...newer.filter((n) => !current.some((c) => c.id === n.id)), ...current]);
        })
        .catch(() => undefined);
    } else {
      setItems([]);
      setDone(false);
      cursor.current = null;
      load(true);
    }
    return () => writeListCache(key, { ...shown.current, cursor: cursor.current });
  }, [key, load]);

  const loadMore = useCallback(() => {
    if (!done) load(false);
  }, [done, load]);

  const retry = useCallback(() => load(cursor.current === null), [load]);

  const itemsRef = useRef(items);
  itemsRef.current = items;

  const receive = useCallback((item: T, direct = false) => {
    if (itemsRef.current.some((existing) => existing.id === item.id)) return;
    if (direct) {
      setPending((current) => current.filter((e) => e.id !== item.id));
      setItems((current) => (current.some((e) => e.id === item.id) ? current : [item, ...current]));
    } else setPending((current) => (current.some((e) => e.id === item.id) ? current : [item, ...current]));
  }, []);

  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const reveal = useCallback(() => {
    const buffer = pendingRef.current;
    setPending([]);
    setItems((current) => {
      const seen = new Set(current.map((item) => item.id));
      return [...buffer.filter((item) => !seen.has(item.id)), ...current];
    });
  }, []);

  const update = useCallback((fn: (item: T) => T | null) => {
    const apply = (list: T[]) => {
      let changed = false;
      const next: T[] = [];
      for (const item of list) {
        const result = fn(item);
        if (result !== item) changed = true;
        if (result) next.push(result);
      }
      return changed ? next : list;
    };
    setItems(apply);
    setPending(apply);
  }, []);

  return { items, pending, loading, error, done, loadMore, retry, reveal, receive, update };
}
