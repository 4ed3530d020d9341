// Rendered first pages of per-viewer lists (the home timeline), kept in memory and dropped the
// moment the database announces a change to anything they show (src/db/changes.ts): a status or
// author on the page, or the viewer's own view (feed entries, marks, follows, blocks, mutes).
// Reading a cached page costs no query at all — how a busy timeline is served, as Mastodon serves
// feeds from Redis — and no write path has to remember to invalidate it.
import type { ChangeKind, DataChanges, RowChange } from "../db/changes.ts";
import type { StatusView } from "./statuses/hydrate.ts";

export interface PageDependencies {
  viewerId: bigint;
  statusIds: Iterable<bigint>;
  accountIds: Iterable<bigint>;
}

/** What a page of statuses shows: the statuses, the ones they reblog, and all their authors. */
export function statusPageDependencies(viewerId: bigint, views: StatusView[]): PageDependencies {
  const shown = views.flatMap((view) => (view.reblog ? [view, view.reblog] : [view]));
  return {
    viewerId,
    statusIds: shown.map((view) => view.status.id),
    accountIds: shown.map((view) => view.account.id),
  };
}

interface Entry<P> {
  page: P;
  size: number;
  dependencies: string[];
}

const PREFIX: Record<ChangeKind, string> = { status: "s", account: "a", viewer: "v" };

function dependencyKeys(deps: PageDependencies): string[] {
  const keys = new Set([`v${deps.viewerId}`]);
  for (const id of deps.statusIds) keys.add(`s${id}`);
  for (const id of deps.accountIds) keys.add(`a${id}`);
  return [...keys];
}

export interface PageCacheOptions<P> {
  /** Total size (as `sizeOf` counts it) kept before the least recently read pages go. */
  maxSize: number;
  sizeOf: (page: P) => number;
}

export class PageCache<P> {
  readonly #entries = new Map<string, Entry<P>>();
  /** Dependency key ("s123", "a45", "v67") → keys of the pages built from it. */
  readonly #dependents = new Map<string, Set<string>>();
  /** Builds in flight, so concurrent misses on one key share a build. */
  readonly #building = new Map<string, Promise<P>>();
  /** Changes heard while builds were in flight: a build that read before one of them must not be kept. */
  #heard: { at: number; keys: Set<string> | null }[] = [];
  #clock = 0;
  #size = 0;
  readonly #options: PageCacheOptions<P>;
  readonly #unsubscribe: () => void;

  constructor(changes: DataChanges, options: PageCacheOptions<P>) {
    this.#options = options;
    this.#unsubscribe = changes.subscribe((change) => this.#hear(change));
  }

  get(key: string): P | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key); // most recently read goes last
    this.#entries.set(key, entry);
    return entry.page;
  }

  /** The cached page, or one `build` makes now (kept unless something it shows changed meanwhile). */
  async fill(key: string, build: () => Promise<{ page: P; dependencies: PageDependencies }>): Promise<P> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const pending = this.#building.get(key);
    if (pending) return pending;
    const started = this.#clock;
    const building = build().then(({ page, dependencies }) => {
      const keys = dependencyKeys(dependencies);
      if (!this.#changedSince(started, keys)) this.#store(key, page, keys);
      return page;
    });
    this.#building.set(key, building);
    try {
      return await building;
    } finally {
      this.#building.delete(key);
      if (!this.#building.size) this.#heard = [];
    }
  }

  get size(): number {
    return this.#size;
  }

  get pageCount(): number {
    return this.#entries.size;
  }

  close(): void {
    this.#unsubscribe();
    this.clear();
  }

  clear(): void {
    this.#entries.clear();
    this.#dependents.clear();
    this.#size = 0;
  }

  #hear(change: RowChange | null): void {
    this.#clock++;
    const keys = change ? change.ids.map((id) => `${PREFIX[change.kind]}${id}`) : null;
    if (this.#building.size) this.#heard.push({ at: this.#clock, keys: keys && new Set(keys) });
    if (!keys) {
      this.clear();
      return;
    }
    for (const key of keys) {
      const pages = this.#dependents.get(key);
      if (pages) for (const page of [...pages]) this.#drop(page);
    }
  }

  #changedSince(clock: number, keys: string[]): boolean {
    return this.#heard.some(
      (heard) => heard.at > clock && (!heard.keys || keys.some((k) => heard.keys!.has(k))),
    );
  }

  #store(key: string, page: P, dependencies: string[]): void {
    this.#drop(key);
    const size = this.#options.sizeOf(page);
    if (size > this.#options.maxSize) return;
    this.#entries.set(key, { page, size, dependencies });
    this.#size += size;
    for (const dep of dependencies) {
      const pages = this.#dependents.get(dep) ?? new Set<string>();
      pages.add(key);
      this.#dependents.set(dep, pages);
    }
    while (this.#size > this.#options.maxSize) this.#drop(this.#entries.keys().next().value as string);
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#size -= entry.size;
    for (const dep of entry.dependencies) {
      const pages = this.#dependents.get(dep);
      pages?.delete(key);
      if (pages && !pages.size) this.#dependents.delete(dep);
    }
  }
}
