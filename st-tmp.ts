import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { drizzle } from "drizzle-orm/pglite";
import * as schema from "./src/db/schema.ts";
import { homeTimeline } from "./src/social/timelines.ts";
import { hydrateStatuses } from "./src/social/statuses/hydrate.ts";
const client = await PGlite.create({ dataDir: "/tmp/pgc/pg", extensions: { vector } });
const logged: { q: string; p: unknown[] }[] = [];
const db = drizzle({ client, schema, logger: { logQuery: (q, p) => logged.push({ q, p }) } }) as any;
const viewers = (await client.query<{ id: string }>("select account_id::text as id from home_feed group by 1 order by 1 limit 50")).rows.map((r) => BigInt(r.id));
for (const v of viewers.slice(0, 3)) {
  const rows = await homeTimeline(db, v, { limit: 20 });
  await hydrateStatuses(db, rows.map((r) => r.status), v);
}
const seen = new Set<string>();
for (const { q, p } of logged) {
  if (seen.has(q.slice(0, 80))) continue; seen.add(q.slice(0, 80));
  const text = q.replace(/\$(\d+)/g, (_, n) => { const v = p[Number(n) - 1]; return typeof v === "string" || typeof v === "bigint" ? `'${String(v).replace(/'/g, "''")}'` : Array.isArray(v) ? `'{${v.join(",")}}'` : String(v); });
  const t = performance.now();
  const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`);
  console.log("=====", (performance.now() - t).toFixed(1), "ms\n", q.slice(0, 300));
  console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
}
await client.close();
