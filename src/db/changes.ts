// Row changes the database announces: triggers (drizzle/0004_row_change_notifications.sql) NOTIFY
// `atelier_changes` when a status or account row changes, or when something someone's view depends
// on does (their home feed, marks, follows, blocks, mutes). In-memory caches listen here and drop
// what went stale — whatever code path, or whichever process, made the change.
//
// Delivery is at commit. Every connection this process writes through listens too, and Postgres
// hands a session its own notifications before it reports the commit done (PGlite the same, within
// the query call), so a process always sees its own writes before the write returns; other
// processes hear of them a moment later through their own listener.
import type { Logger } from "../log.ts";

export const CHANGES_CHANNEL = "atelier_changes";

export type ChangeKind = "status" | "account" | "viewer";

export interface RowChange {
  kind: ChangeKind;
  ids: bigint[];
}

/** A change, or `null`: notifications may have been missed (a listener reconnected), forget everything. */
export type ChangeListener = (change: RowChange | null) => void;

const KINDS: Record<string, ChangeKind> = { s: "status", a: "account", v: "viewer" };

/** Parses a trigger's payload ("s:1,2,3"); null for anything else. */
export function parseChange(payload: string): RowChange | null {
  const colon = payload.indexOf(":");
  const kind = KINDS[payload.slice(0, colon)];
  if (!kind) return null;
  const ids: bigint[] = [];
  for (const id of payload.slice(colon + 1).split(",")) if (/^\d+$/.test(id)) ids.push(BigInt(id));
  return { kind, ids };
}

export class DataChanges {
  readonly #listeners = new Set<ChangeListener>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Calls `listener` for every change from now on; the returned function stops it. */
  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A NOTIFY payload from the database. */
  receive(payload: string): void {
    if (payload === "*") {
      this.reset();
      return;
    }
    const change = parseChange(payload);
    if (change) this.#emit(change);
  }

  /** Anything may have changed (notifications were lost, or the database said so): caches start over. */
  reset(): void {
    this.#emit(null);
  }

  #emit(change: RowChange | null): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (err) {
        this.#logger.error({ err }, "row change listener failed");
      }
    }
  }
}
