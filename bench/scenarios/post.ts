// Status creation with fan-out: a poster followed by 1,000 seeded users posts, and each post must
// land in all 1,000 home feeds. Fan-out runs inside the POST's transaction (src/social/fanout.ts),
// so "fan-out done" is when the POST answers: measured one at a time and under concurrent load
// (autocannon, --connections), checked by sampling a follower's home timeline right after each
// sequential POST, and verified afterwards by counting every post's feed rows in the database.
import { sql } from "drizzle-orm";
import { assertDatasetFits } from "../data.ts";
import { queryBenchDatabase } from "../db-check.ts";
import { seriesFrom, seriesFromLoad } from "../latency-report.ts";
import { showProgress } from "../procs.ts";
import type { Check, Scenario } from "../scenario.ts";
import { DEFAULT_DATASET, type SeededUser, seedDataset, seededUsers } from "../seed.ts";
import { followAll, homeIds, type Poster, postStatus, registerPoster } from "../social.ts";

export const FOLLOWERS = 1_000;
const WARMUP_POSTS = 3;

export interface PostSetup {
  poster: Poster;
  followers: SeededUser[];
}

/** A new poster followed by the first 1,000 seeded users (shared with the stream scenario). */
export async function posterWithFollowers(
  url: string,
  users: SeededUser[],
  progress: (done: number, total: number) => void,
): Promise<PostSetup> {
  const poster = await registerPoster(url);
  const followers = users.slice(0, FOLLOWERS);
  await followAll(url, poster, followers, (done) => progress(done, followers.length));
  return { poster, followers };
}

const scenario: Scenario = {
  name: "post",
  description: `POST /api/v1/statuses by an account with ${FOLLOWERS.toLocaleString("en-US")} followers (fan-out to every home feed)`,
  requests: [],
  goals: { p99Ms: 1_000 },
  defaults: { connections: 10, posts: 100 },
  dataset: DEFAULT_DATASET,
  prepare: seedDataset,
  async setup(url, env) {
    assertDatasetFits(env.dataset, FOLLOWERS, "post");
    const data = await posterWithFollowers(url, seededUsers(env), (done, total) =>
      showProgress("following the poster", done, total, `${done}/${total}`),
    );
    return { data };
  },

  async measure(ctx) {
    const { poster, followers } = ctx.setup!.data as PostSetup;
    const posts = ctx.options.posts;
    for (let i = 0; i < WARMUP_POSTS; i++) await postStatus(ctx.url, poster, `warm-up post ${i}`);

    // One at a time: the latency of a single post with nothing else going on.
    const latencies: number[] = [];
    let sampledOk = 0;
    for (let i = 0; i < posts; i++) {
      const posted = await postStatus(ctx.url, poster, `fan-out bench post ${i} #bench`);
      latencies.push(posted.latencyMs);
      // Fan-out is done when the POST answers: a random follower already has it (not timed).
      const follower = followers[Math.floor(Math.random() * followers.length)]!;
      if ((await homeIds(ctx.url, follower.token, 3)).includes(posted.id)) sampledOk++;
      ctx.progress("sequential posts", i + 1, posts, "posts");
    }
    const sequential = seriesFrom("POST, one at a time", latencies, { goal: true });
    ctx.status(`  sequential: p50 ${sequential.p50.toFixed(1)} ms, p99 ${sequential.p99.toFixed(1)} ms`);

    // Concurrent posting by the same account, closed loop.
    const connections = ctx.options.connections;
    const loaded = await ctx.load(
      `${connections} connections`,
      [
        {
          method: "POST",
          path: "/api/v1/statuses",
          headers: { authorization: `Bearer ${poster.token}`, "content-type": "application/json" },
          body: JSON.stringify({ status: "fan-out bench post under load #bench", visibility: "public" }),
        },
      ],
      connections,
      ctx.options.durationSec,
    );
    const checks: Check[] = [
      {
        label: "a sampled follower had each sequential post when its POST answered",
        ok: sampledOk === posts,
        detail: `${sampledOk}/${posts}`,
      },
    ];
    return {
      series: [
        sequential,
        seriesFromLoad(`POST, ${connections} connections`, loaded, {
          goal: true,
          note: `${Math.round(loaded.requestsPerSec)} posts/s`,
        }),
      ],
      checks,
      data: { posterId: poster.accountId, answered: WARMUP_POSTS + posts + (loaded.statusCodes["200"] ?? 0) },
    };
  },

  async verify(env, measured) {
    const { posterId, answered } = measured.data as { posterId: string; answered: number };
    const [row] = await queryBenchDatabase<{ posts: number; complete: number; min: number; max: number }>(
      env,
      sql`SELECT count(*)::int AS posts, count(*) FILTER (WHERE n = ${FOLLOWERS})::int AS complete,
                 coalesce(min(n), 0)::int AS min, coalesce(max(n), 0)::int AS max
          FROM (SELECT (SELECT count(*) FROM home_feed h
                        WHERE h.status_id = s.id AND h.account_id <> s.account_id) AS n
                FROM statuses s WHERE s.account_id = ${posterId}::bigint) per_post`,
    );
    const { posts, complete, min, max } = row!;
    return [
      {
        label: `every post is in all ${FOLLOWERS.toLocaleString("en-US")} followers' home feeds`,
        ok: posts > 0 && complete === posts,
        detail: `${complete}/${posts} posts complete (feed rows per post: ${min}–${max})`,
      },
      {
        // Autocannon stops with requests in flight, which the server may still have completed.
        label: "every answered POST left a status",
        ok: posts >= answered,
        detail: `${posts} statuses for ${answered} answered POSTs`,
      },
    ];
  },
};

export default scenario;
