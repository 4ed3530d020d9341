// PGlite plans every query anew: its query() sends an unnamed statement each time, and planning a
// wide join can cost several times running it (the home timeline on 10,000 accounts: 5.3 ms a
// query planned each time, 0.75 ms as a prepared statement on its generic plan). This keeps the
// statements a process repeats as prepared statements and runs them with EXECUTE.
//
// The wire protocol cannot bind parameters to EXECUTE (a utility statement), so the values are
// written into it as quoted literals — the same text PGlite would send as text-format parameters,
// which Postgres reads with the parameter type's input function either way (quotes doubled, as
// standard_conforming_strings reads them: on, Postgres's default since 9.1; Atelier never changes it). Only plain values take
// this path (strings, numbers, bigints, booleans, dates, null and flat arrays of those); anything
// else, and every statement that is not a plain SELECT/INSERT/UPDATE/DELETE, runs as before.
import type { PGlite, Transaction } from "@electric-sql/pglite";

export interface StatementCacheOptions {
  /** Prepared statements kept at most (default 500); past that, the least recently used is dropped. */
  maxStatements?: number;
  /** A statement is prepared on this use (default 2: the first use of a one-off costs nothing extra). */
  prepareOnUse?: number;
}

type QueryFn = PGlite["query"];
const PREPARABLE = /^\s*(select|insert|update|delete|with)\s/i;
/** Statements seen fewer times than needed are counted only up to this many distinct texts. */
const MAX_COUNTED = 10_000;

export class StatementCache {
  readonly #maxStatements: number;
  readonly #prepareOnUse: number;
  /** Drops a prepared statement; must not wait on a transaction in progress (it is not awaited). */
  readonly #deallocate: (name: string) => Promise<unknown>;
  readonly #uses = new Map<string, number>();
  /** By statement text, least recently used first: its name once prepared (null if it cannot be). */
  readonly #prepared = new Map<string, Promise<string | null>>();
  #nextName = 1;

  constructor(deallocate: (name: string) => Promise<unknown>, options: StatementCacheOptions = {}) {
    this.#deallocate = deallocate;
    this.#maxStatements = options.maxStatements ?? 500;
    this.#prepareOnUse = options.prepareOnUse ?? 2;
  }

  get size(): number {
    return this.#prepared.size;
  }

  /** Runs `text` through `query`, prepared once it has been used often enough. */
  async run<T>(query: QueryFn, text: string, params: unknown[] = [], options?: Parameters<QueryFn>[2]) {
    const literals = toLiterals(params);
    const entry = literals && PREPARABLE.test(text) ? this.#entryFor(query, text) : null;
    const name = entry ? await entry : null;
    if (name === null) return query<T>(text, params, options);
    const execute = literals!.length ? `EXECUTE ${name}(${literals!.join(", ")})` : `EXECUTE ${name}`;
    try {
      return await query<T>(execute, [], options);
    } catch (err) {
      // Gone (evicted meanwhile, DEALLOCATE ALL, DISCARD) or invalidated by a change of shape:
      // forget it, run it plainly.
      if (!["26000", "0A000"].includes((err as { code?: string }).code ?? "")) throw err;
      if (this.#prepared.get(text) === entry) this.#prepared.delete(text);
      return query<T>(text, params, options);
    }
  }

  #entryFor(query: QueryFn, text: string): Promise<string | null> | null {
    const known = this.#prepared.get(text);
    if (known) {
      this.#prepared.delete(text); // most recently used goes last
      this.#prepared.set(text, known);
      return known;
    }
    const uses = (this.#uses.get(text) ?? 0) + 1;
    if (uses < this.#prepareOnUse) {
      if (this.#uses.size >= MAX_COUNTED) this.#uses.clear();
      this.#uses.set(text, uses);
      return null;
    }
    this.#uses.delete(text);
    if (this.#prepared.size >= this.#maxStatements) this.#evictOldest();
    const name = `atelier_statement_${this.#nextName++}`;
    const prepared = query(`PREPARE ${name} AS ${text}`).then(
      () => name,
      (err: unknown) => {
        // A statement Postgres cannot prepare stays unprepared; any other failure (an aborted
        // transaction) lets it try again later.
        const code = (err as { code?: string }).code ?? "";
        if (!code.startsWith("42") && !code.startsWith("0A") && this.#prepared.get(text) === prepared)
          this.#prepared.delete(text);
        return null;
      },
    );
    this.#prepared.set(text, prepared);
    return prepared;
  }

  #evictOldest(): void {
    const [text, entry] = this.#prepared.entries().next().value ?? [];
    if (text === undefined || !entry) return;
    this.#prepared.delete(text);
    void entry.then((name) => (name ? this.#deallocate(name) : null)).catch(() => {});
  }
}

/** SQL literals for the values, or null when one is not a plain value. */
export function toLiterals(params: unknown[]): string[] | null {
  const literals: string[] = [];
  for (const value of params) {
    if (value === null || value === undefined) {
      literals.push("NULL");
      continue;
    }
    const text = Array.isArray(value) ? arrayText(value) : scalarText(value);
    if (text === null || text.includes("\0")) return null;
    literals.push(`'${text.replaceAll("'", "''")}'`);
  }
  return literals;
}

function scalarText(value: unknown): string | null {
  switch (typeof value) {
    case "string":
      return value;
    case "bigint":
    case "boolean":
      return String(value);
    case "number":
      return Number.isFinite(value) ? String(value) : null;
    default:
      return value instanceof Date ? value.toISOString() : null;
  }
}

/** A flat array as Postgres's array input reads it: every element double-quoted. */
function arrayText(values: unknown[]): string | null {
  const elements: string[] = [];
  for (const value of values) {
    if (value === null || value === undefined) {
      elements.push("NULL");
      continue;
    }
    const text = scalarText(value);
    if (text === null) return null;
    elements.push(`"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`);
  }
  return `{${elements.join(",")}}`;
}

/** Routes the client's queries, and those of its transactions, through a statement cache. */
export function cacheStatements(client: PGlite, options: StatementCacheOptions = {}): StatementCache {
  const query: QueryFn = client.query.bind(client);
  // Queued behind any transaction in progress, never awaited inside one.
  const cache = new StatementCache((name) => query(`DEALLOCATE ${name}`), options);
  client.query = ((text, params, opts) => cache.run(query, text, params, opts)) as QueryFn;
  const transaction = client.transaction.bind(client);
  client.transaction = (<T>(fn: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      const txQuery: QueryFn = tx.query.bind(tx);
      tx.query = ((text, params, opts) => cache.run(txQuery, text, params, opts)) as QueryFn;
      return fn(tx);
    })) as PGlite["transaction"];
  return cache;
}
