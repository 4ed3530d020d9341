// The home timeline, the hot read path: GET /api/v1/timelines/home?limit=20 with the access token
// rotated across the seeded users that have 400-entry home feeds, so every request is a different
// person's page (no single hot row). The bare server answers with the first user's page: the same
// size and shape of bytes, so the ratio is what the database, hydration and JSON cost.

import type { Scenario } from "../scenario.ts";
import { DEFAULT_DATASET, seedDataset, seededUsers } from "../seed.ts";

const scenario: Scenario = {
  name: "home",
  description: "GET /api/v1/timelines/home?limit=20, token rotated across the seeded feed users",
  requests: [{ path: "/api/v1/timelines/home?limit=20" }],
  goals: { ratio: { postgres: 0.25, pglite: 0.1 }, p99Ms: 50 },
  dataset: DEFAULT_DATASET,
  prepare: seedDataset,
  async setup(_url, env) {
    const users = seededUsers(env);
    if (users.length === 0) throw new Error("home needs seeded users with feeds (--feed-users ≥ 1)");
    return { rotateHeaders: users.map((u) => ({ authorization: `Bearer ${u.token}` })) };
  },
};

export default scenario;
