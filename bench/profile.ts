// `node bench/profile.ts --reuse-data DIR [--db pglite|postgres] [--requests N]`: where the time of
// the benchmarked paths goes, on data a bench run kept with --reuse-data. Starts Atelier in this
// process, wraps the database client to log every query (statement, duration), and sends requests
// one at a time, so each query belongs to the request in flight:
// - GET /api/v1/timelines/home?limit=20, rotating the seeded users;
// - the stream renderer for one public status and 1,000 viewers: in one call, and one call per
//   viewer (what one post to 1,000 followers' home streams costs).
// Prints queries per request, time in the database vs. the rest, and the statements that dominate.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { loadConfig } from "../src/config.ts";
import { queryRows } from "../src/db/client.ts";
import { createLogger } from "../src/log.ts";
import { createStreamRenderer } from "../src/realtime/render.ts";
import { startServer } from "../src/server.ts";
import { freePort } from "./procs.ts";
import { posterWithFollowers } from "./scenarios/post.ts";
import type { SeededUser } from "./seed.ts";
import { postStatus } from "./social.ts";

interface Logged {
  text: string;
  ms: number;
}

const { values } = parseArgs({
  options: {
    "reuse-data": { type: "string" },
    db: { type: "string", default: "pglite" },
    requests: { type: "string", default: "200" },
  },
});
if (!values["reuse-data"]) {
  console.error("usage: node bench/profile.ts --reuse-data DIR [--db pglite|postgres] [--requests N]");
  process.exit(2);
}
const root = path.resolve(values["reuse-data"], values.db);
const marker = JSON.parse(fs.readFileSync(path.join(root, "prepared.json"), "utf8")) as { database?: string };
const users = JSON.parse(fs.readFileSync(path.join(root, "work", "tokens.json"), "utf8")) as SeededUser[];
const admin = new URL(process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
if (marker.database) admin.pathname = `/${marker.database}`;

const port = await freePort();
const config = loadConfig({
  ...process.env,
  DATA_DIR: path.join(root, "data"),
  DATABASE_URL: marker.database ? admin.toString() : "",
  PORT: String(port),
  RATE_LIMIT: "off",
  LOG_LEVEL: "warn",
  // As the benchmarks do: a start-up re-index of the generated posts would be measured instead.
  AI_REINDEX_ON_START: "off",
});
const logger = createLogger("warn");
const server = await startServer(config, { role: "all", logger });
const db = server.database.db;

// Every query of drizzle lands here: PGlite's or the pg pool's `query`, and (PostgreSQL) the
// queries of transactions, which run on a client checked out of the pool.
let log: Logged[] = [];
type Queryable = { query: (...args: unknown[]) => Promise<unknown> };
const logged = new WeakSet<Queryable>();
function logQueries(target: Queryable) {
  if (logged.has(target)) return;
  logged.add(target);
  const original = target.query.bind(target);
  target.query = (...args: unknown[]) => {
    const first = args[0] as string | { text: string };
    const text = (typeof first === "string" ? first : first.text).replace(/\s+/g, " ").trim();
    const started = performance.now();
    const done = () => log.push({ text, ms: performance.now() - started });
    // The pool's query() passes a callback (and gets no promise back): time it to the callback.
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (...results: unknown[]) => {
        done();
        return callback(...results);
      };
      return original(...args);
    }
    return original(...args).finally(done);
  };
}
type Pool = Queryable & { on(event: "acquire", listener: (client: Queryable) => void): void };
const client = (db as unknown as { $client: Queryable }).$client;
// On PostgreSQL every statement (the pool's own query() and transactions alike) runs on a client
// checked out of the pool, so only those are wrapped: wrapping the pool too would count twice.
if (server.database.driver === "postgres") (client as Pool).on("acquire", logQueries);
else logQueries(client);

function summarize(title: string, runs: { ms: number; queries: Logged[] }[]) {
  const n = runs.length;
  const all = runs.flatMap((r) => r.queries);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  const byText = new Map<string, { count: number; ms: number }>();
  for (const q of all) {
    const entry = byText.get(q.text) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += q.ms;
    byText.set(q.text, entry);
  }
  console.log(`\n${title}: ${n} runs, one at a time`);
  console.log(`  wall time per run: mean ${mean(runs.map((r) => r.ms)).toFixed(2)} ms`);
  console.log(`  queries per run: ${(all.length / n).toFixed(1)}`);
  console.log(
    `  query time per run (sum, may overlap): ${(mean(runs.map((r) => r.queries.reduce((a, q) => a + q.ms, 0)))).toFixed(2)} ms`,
  );
  console.log("  statements by total time (per run: count, ms):");
  for (const [text, s] of [...byText.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
    console.log(
      `    ${(s.count / n).toFixed(2).padStart(7)} × ${(s.ms / s.count).toFixed(2).padStart(7)} ms  ${text.slice(0, 150)}`,
    );
  }
}

try {
  const requests = Number(values.requests);
  const runs: { ms: number; queries: Logged[] }[] = [];
  for (let i = 0; i < requests + 20; i++) {
    const user = users[i % users.length]!;
    log = [];
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/timelines/home?limit=20`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`home → ${res.status}`);
    if (i >= 20) runs.push({ ms: performance.now() - started, queries: log }); // 20 warm-up requests
  }
  summarize(`GET /api/v1/timelines/home?limit=20 on ${values.db}`, runs);

  // A post by someone 1,000 of the users follow: the transaction with its fan-out, then the answer.
  const url = `http://127.0.0.1:${port}`;
  const { poster } = await posterWithFollowers(url, users, () => {});
  const posts: { ms: number; queries: Logged[] }[] = [];
  for (let i = 0; i < 13; i++) {
    log = [];
    const started = performance.now();
    await postStatus(url, poster, `profiled post ${i}`);
    if (i >= 3) posts.push({ ms: performance.now() - started, queries: log });
  }
  summarize(`POST /api/v1/statuses with fan-out to 1,000 followers on ${values.db}`, posts);

  const [latest] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM statuses WHERE visibility = 'public' ORDER BY id DESC LIMIT 1`,
  );
  const renderer = createStreamRenderer(db, {
    publicUrl: config.publicUrl,
    mediaUrl: (key: string) => `${config.publicUrl}/media/${key}`,
  });
  const viewers = users.slice(0, 1000).map((u) => BigInt(u.accountId));
  const renders: { ms: number; queries: Logged[] }[] = [];
  for (let i = 0; i < 4; i++) {
    log = [];
    const started = performance.now();
    await renderer.status(BigInt(latest!.id), viewers);
    if (i > 0) renders.push({ ms: performance.now() - started, queries: log });
  }
  summarize(`stream render of one status for ${viewers.length} viewers in one call on ${values.db}`, renders);

  // What the hub does when each follower listens on their own home channel: one message per
  // channel, so one render call per viewer, all at once.
  const perViewer: { ms: number; queries: Logged[] }[] = [];
  for (let i = 0; i < 2; i++) {
    log = [];
    const started = performance.now();
    await Promise.all(viewers.map((viewer) => renderer.status(BigInt(latest!.id), [viewer])));
    perViewer.push({ ms: performance.now() - started, queries: log });
  }
  summarize(
    `stream render of one status, one call per viewer (${viewers.length}) on ${values.db}`,
    perViewer,
  );
} finally {
  await server.close();
}
