// The home timeline, the hot read path: GET /api/v1/timelines/home?limit=20 with the access token
// rotated across the seeded users that have 400-entry home feeds, so every request is a different
// person's page (no single hot row). The bare server answers with the first user's page: the same
// size and shape of bytes, so the ratio is what the database, hydration and JSON cost.
//
// Atelier keeps each feed's newest page rendered in memory until something on it changes, so setup
// first reads every feed once, four at a time, and reports those first reads (built from the
// database) on their own; the measured rounds are then what a returning reader gets.

import { seriesFrom } from "../latency-report.ts";
import { showProgress, status } from "../procs.ts";
import type { Scenario } from "../scenario.ts";
import { DEFAULT_DATASET, seedDataset, seededUsers } from "../seed.ts";

const PATH = "/api/v1/timelines/home?limit=20";
const FIRST_READS_IN_PARALLEL = 4;

/** Reads every user's page once and prints the latency of those (uncached) first reads. */
async function readEveryFeedOnce(url: string, tokens: string[]): Promise<void> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const reader = async () => {
    while (next < tokens.length) {
      const token = tokens[next++]!;
      const started = performance.now();
      const res = await fetch(url + PATH, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.ok) samples.push(performance.now() - started);
      else errors++;
      showProgress("first read of each feed", samples.length + errors, tokens.length, "feeds");
    }
  };
  await Promise.all(Array.from({ length: FIRST_READS_IN_PARALLEL }, reader));
  const first = seriesFrom("first read", samples, { errors });
  status(
    `  first read of each of ${tokens.length} feeds (built from the database, ${FIRST_READS_IN_PARALLEL} at a time): ` +
      `p50 ${first.p50.toFixed(1)} ms, p99 ${first.p99.toFixed(1)} ms, ${errors} errors`,
  );
}

/** One Authorization header per seeded feed user, for the harness to rotate. */
export function feedUserHeaders(tokens: string[]) {
  return tokens.map((token) => ({ authorization: `Bearer ${token}` }));
}

export function feedUserTokens(env: Parameters<typeof seededUsers>[0]): string[] {
  const users = seededUsers(env);
  if (users.length === 0) throw new Error("home needs seeded users with feeds (--feed-users ≥ 1)");
  return users.map((u) => u.token);
}

const scenario: Scenario = {
  name: "home",
  description: "GET /api/v1/timelines/home?limit=20, token rotated across the seeded feed users",
  requests: [{ path: PATH }],
  goals: { ratio: { postgres: 0.25, pglite: 0.1 }, p99Ms: 50 },
  dataset: DEFAULT_DATASET,
  prepare: seedDataset,
  async setup(url, env) {
    const tokens = feedUserTokens(env);
    await readEveryFeedOnce(url, tokens);
    return { rotateHeaders: feedUserHeaders(tokens) };
  },
};

export default scenario;
