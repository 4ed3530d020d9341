// The PGlite statement cache on a real PGlite: repeated statements run prepared, give exactly what
// the unprepared path gives (values, types, errors), and values can never become SQL.
import { PGlite } from "@electric-sql/pglite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheStatements, toLiterals } from "./pglite-statements.ts";

let client: PGlite;

beforeEach(async () => {
  client = await PGlite.create();
  await client.exec(`CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL, tags text[],
    done boolean NOT NULL DEFAULT false, at timestamptz, meta jsonb)`);
  cacheStatements(client);
});
afterEach(async () => {
  await client.close();
});

/** Prepared statements in the session (asked through exec, which the cache leaves alone). */
const preparedCount = async (db = client) =>
  (await db.exec("SELECT count(*)::int AS n FROM pg_prepared_statements"))[0]!.rows[0]!.n as number;

describe("the PGlite statement cache", () => {
  it("prepares a statement on its second use and gives the same rows as before", async () => {
    const insert = "INSERT INTO notes (id, body, tags, done, at, meta) VALUES ($1, $2, $3, $4, $5, $6)";
    const at = new Date("2026-11-29T12:00:00.000Z");
    await client.query(insert, [1n, "first", ["a", "b"], true, at, JSON.stringify({ k: 1 })]);
    expect(await preparedCount()).toBe(0);
    await client.query(insert, [2n, "second", null, false, null, null]);
    await client.query(insert, [3, "third", [], false, at.toISOString(), "[1,2]"]);
    expect(await preparedCount()).toBe(1);

    const select = "SELECT id, body, tags, done, at, meta FROM notes WHERE id = ANY($1) ORDER BY id";
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await client.query(select, [[1, 2, 3]])).rows);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]).toEqual([
      { id: 1, body: "first", tags: ["a", "b"], done: true, at, meta: { k: 1 } },
      { id: 2, body: "second", tags: null, done: false, at: null, meta: null },
      { id: 3, body: "third", tags: [], done: false, at, meta: [1, 2] },
    ]);
    expect(await preparedCount()).toBe(2);
    // Options (row mode, parsers) apply to the prepared path too.
    const asArrays = await client.query(select, [[1]], { rowMode: "array" });
    expect(asArrays.rows).toEqual([[1, "first", ["a", "b"], true, at, { k: 1 }]]);
  });

  it("keeps every value a value: quotes, backslashes, braces and SQL stay text", async () => {
    const nasty = [
      "it's",
      "'); DROP TABLE notes; --",
      "back\\slash \\' and \\\\",
      '{"a","b"}',
      "$1 $$ dollars $$",
      "émoji 🎨 and\nnew line",
      "E'\\x41'",
    ];
    const insert = "INSERT INTO notes (id, body, tags) VALUES ($1, $2, $3)";
    for (const [i, body] of nasty.entries())
      await client.query(insert, [i + 1, body, [body, "x,y", "NULL", null]]);
    const { rows } = await client.query<{ body: string; tags: (string | null)[] }>(
      "SELECT body, tags FROM notes ORDER BY id",
    );
    expect(rows.map((r) => r.body)).toEqual(nasty);
    expect(rows.map((r) => r.tags)).toEqual(nasty.map((body) => [body, "x,y", "NULL", null]));
    expect(await preparedCount()).toBeGreaterThan(0);
  });

  it("raises the statement's own errors, and a failed transaction doesn't spoil the statement", async () => {
    const insert = "INSERT INTO notes (id, body) VALUES ($1, $2)";
    await client.query(insert, [1, "one"]);
    await client.query(insert, [2, "two"]);
    await expect(client.query(insert, [1, "again"])).rejects.toMatchObject({ code: "23505" });
    await expect(client.query(insert, ["not a number", "x"])).rejects.toMatchObject({ code: "22P02" });

    const update = "UPDATE notes SET body = $1 WHERE id = $2";
    await expect(
      client.transaction(async (tx) => {
        await tx.query(update, ["changed", 1]);
        await tx.query(update, ["changed", 2]); // prepared here, inside the transaction
        throw new Error("give up");
      }),
    ).rejects.toThrow("give up");
    await client.query(update, ["kept", 1]);
    await client.query(update, ["kept", 2]);
    const { rows } = await client.query<{ body: string }>("SELECT body FROM notes ORDER BY id");
    expect(rows.map((r) => r.body)).toEqual(["kept", "kept"]);
  });

  it("runs unprepared what it cannot prepare, and keeps the most recently used statements", async () => {
    for (let i = 0; i < 3; i++) await client.query("SET search_path = public");
    for (let i = 0; i < 3; i++) await client.query("SELECT $1::jsonb AS v", [{ not: "plain" }]);
    expect(await preparedCount()).toBe(0);

    const other = await PGlite.create();
    const small = cacheStatements(other, { maxStatements: 2 });
    const select = (n: number, v: number) => other.query(`SELECT ${n} AS n, $1::int AS v`, [v]);
    for (let n = 1; n <= 4; n++) {
      for (let i = 0; i < 3; i++) expect((await select(n, i)).rows).toEqual([{ n, v: i }]);
    }
    expect(small.size).toBe(2);
    // The least recently used were dropped from the session too; the two kept still answer.
    const names = await other.exec("SELECT statement FROM pg_prepared_statements ORDER BY name");
    expect(names[0]!.rows.map((r) => String((r as { statement: string }).statement))).toEqual([
      "PREPARE atelier_statement_3 AS SELECT 3 AS n, $1::int AS v",
      "PREPARE atelier_statement_4 AS SELECT 4 AS n, $1::int AS v",
    ]);
    expect((await select(3, 7)).rows).toEqual([{ n: 3, v: 7 }]);
    expect((await select(1, 8)).rows).toEqual([{ n: 1, v: 8 }]);
    await other.close();
  });
});

describe("eviction inside a transaction", () => {
  it("drops the old statement once the transaction is over, without waiting on it", async () => {
    const other = await PGlite.create();
    cacheStatements(other, { maxStatements: 1 });
    const sums = await other.transaction(async (tx) => {
      const out = [];
      for (const n of [1, 2, 1, 2, 1, 2])
        out.push((await tx.query<{ v: number }>(`SELECT ${n} + $1::int AS v`, [n])).rows[0]!.v);
      return out;
    });
    expect(sums).toEqual([2, 4, 2, 4, 2, 4]);
    expect(await preparedCount(other)).toBe(1);
    await other.close();
  });
});

describe("literals", () => {
  it("quotes each value as Postgres reads a text parameter", () => {
    expect(toLiterals([1, 2n, true, null, undefined, "o'k", ["a", null, 'q"']])).toEqual([
      "'1'",
      "'2'",
      "'true'",
      "NULL",
      "NULL",
      "'o''k'",
      `'{"a",NULL,"q\\""}'`,
    ]);
    expect(toLiterals([new Date("2026-01-02T03:04:05.000Z")])).toEqual(["'2026-01-02T03:04:05.000Z'"]);
  });
  it("refuses what is not a plain value", () => {
    for (const value of [{ a: 1 }, new Uint8Array([1]), [[1]], Number.NaN, "nul\0byte", Symbol("s")])
      expect(toLiterals([value])).toBeNull();
  });
});
