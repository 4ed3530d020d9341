// `atelier seed --bench`: a large synthetic network for benchmarks — N accounts, power-law follows
// (a few accounts are followed by many), M statuses of random words, and materialised home feeds
// for the first accounts, with access tokens written to a file for the load generator.
// Written as set-based SQL, not through the domain services: posting 200k statuses one by one
// would take many minutes, and the benchmark measures reading, not this setup.
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { issueToken, registerApp } from "../auth/oauth.ts";
import { hashPassword } from "../auth/passwords.ts";
import type { Database } from "../db/client.ts";
import { queryRows } from "../db/client.ts";
import { progressBar } from "../util/progress.ts";

export interface BenchSeedOptions {
  accounts: number;
  statuses: number;
  followsPerAccount: number;
  feedUsers: number;
  feedSize: number;
  tokensOut: string | null;
}

const WORDS = (
  "art light colour dream city night forest river portrait sketch paint ink studio garden ocean " +
  "morning robot neon glass shadow bloom winter summer poster mural pixel clay textile photo film " +
  "sunset mountain coffee music jazz typography print gallery museum street market train bridge"
).split(" ");

const BATCH = 10_000;

export async function seedBench(db: Database, options: BenchSeedOptions): Promise<void> {
  const [{ n }] = (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM accounts`)) as [
    { n: number },
  ];
  if (n > 0)
    throw new Error("seed --bench needs an empty database (it found accounts); use a fresh DATA_DIR");
  const words = sql`${`{${WORDS.join(",")}}`}::text[]`;
  const nowMs = Date.now();
  const passwordHash = await hashPassword("bench-password");

  const accounts = progressBar("accounts", options.accounts);
  for (let from = 0; from < options.accounts; from += BATCH) {
    const to = Math.min(from + BATCH, options.accounts) - 1;
    // Account ids are time-sortable like newId(): one millisecond apart, long ago.
    await db.execute(sql`
      WITH a AS (
        INSERT INTO accounts (id, username, display_name, note, created_at)
        SELECT ((${nowMs}::bigint - 10000000000 + i) << 16), 'bench' || i, 'Bench ' || i, 'Synthetic account ' || i,
               now() - interval '400 days'
        FROM generate_series(${from}::int, ${to}::int) AS i
        RETURNING id, username)
      INSERT INTO users (id, account_id, email, password_hash)
      SELECT a.id, a.id, a.username || '@bench.invalid', ${passwordHash} FROM a`);
    accounts.tick(to + 1);
  }
  accounts.done();

  const follows = progressBar("follows", options.accounts * options.followsPerAccount);
  const base = sql`((${nowMs}::bigint - 10000000000) << 16)`;
  const accountId = (expr: ReturnType<typeof sql>) => sql`(${base} + ((${expr})::bigint << 16))`;
  const totalFollows = options.accounts * options.followsPerAccount;
  for (let from = 0; from < totalFollows; from += BATCH * 5) {
    const to = Math.min(from + BATCH * 5, totalFollows) - 1;
    // Followers uniform, targets power-law (cubed uniform favours low ids): a few celebrities.
    await db.execute(sql`
      INSERT INTO follows (id, account_id, target_account_id)
      SELECT ((${nowMs}::bigint - 5000000000 + i) << 16),
             ${accountId(sql`(i / ${options.followsPerAccount})`)},
             ${accountId(sql`floor(power(random(), 3) * ${options.accounts})`)}
      FROM generate_series(${from}::int, ${to}::int) AS i
      ON CONFLICT DO NOTHING`);
    follows.tick(to + 1);
  }
  await db.execute(sql`DELETE FROM follows WHERE account_id = target_account_id`);
  follows.done();

  const statuses = progressBar("statuses", options.statuses);
  for (let from = 0; from < options.statuses; from += BATCH) {
    const to = Math.min(from + BATCH, options.statuses) - 1;
    // Authors skewed towards popular accounts; ids a second apart, ending now.
    await db.execute(sql`
      INSERT INTO statuses (id, account_id, text, content, visibility, created_at)
      SELECT ((${nowMs}::bigint - (${options.statuses}::bigint - i) * 1000) << 16),
             ${accountId(sql`floor(power(random(), 2) * ${options.accounts})`)},
             t.text, '<p>' || t.text || '</p>',
             (ARRAY['public','public','public','unlisted','private'])[1 + floor(random() * 5)::int],
             to_timestamp((${nowMs}::bigint - (${options.statuses}::bigint - i) * 1000) / 1000.0)
      FROM generate_series(${from}::int, ${to}::int) AS i
      CROSS JOIN LATERAL (
        SELECT string_agg((${words})[1 + floor(random() * ${WORDS.length})::int], ' ') AS text
        FROM generate_series(1, 8 + (i % 5)) AS w(n) WHERE i >= 0
      ) t`);
    statuses.tick(to + 1);
  }
  statuses.done();

  await db.execute(sql`
    UPDATE accounts a SET
      followers_count = (SELECT count(*) FROM follows WHERE target_account_id = a.id),
      following_count = (SELECT count(*) FROM follows WHERE account_id = a.id),
      statuses_count = (SELECT count(*) FROM statuses WHERE account_id = a.id),
      last_status_at = (SELECT max(created_at) FROM statuses WHERE account_id = a.id)`);

  const feeds = progressBar("home feeds", options.feedUsers);
  const feedAccounts = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM accounts ORDER BY id LIMIT ${options.feedUsers}`,
  );
  for (const [i, row] of feedAccounts.entries()) {
    await db.execute(sql`
      INSERT INTO home_feed (account_id, status_id, author_id)
      SELECT ${row.id}::bigint, s.id, s.account_id FROM statuses s
      WHERE s.account_id IN (SELECT target_account_id FROM follows WHERE account_id = ${row.id}::bigint)
         OR s.account_id = ${row.id}::bigint
      ORDER BY s.id DESC LIMIT ${options.feedSize}
      ON CONFLICT DO NOTHING`);
    feeds.tick(i + 1);
  }
  feeds.done();

  if (options.tokensOut) {
    const app = await registerApp(db, {
      name: "Atelier bench",
      redirectUris: ["urn:ietf:wg:oauth:2.0:oob"],
      scopes: ["read", "write", "follow"],
      website: null,
    });
    const tokens: { accountId: string; token: string }[] = [];
    for (const row of feedAccounts) {
      const token = await issueToken(db, {
        appId: app.id,
        userId: BigInt(row.id),
        scopes: ["read", "write", "follow"],
      });
      tokens.push({ accountId: String(row.id), token: token.accessToken });
    }
    fs.writeFileSync(options.tokensOut, JSON.stringify(tokens));
  }
}
