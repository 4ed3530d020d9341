// The home timeline read from the database every time: a page requested with a cursor (max_id),
// as when someone scrolls down, is never served from the in-memory page cache. Same data, users and
// bytes as `home`; the ratio shows what the uncached path costs (no goal of its own).

import type { Scenario } from "../scenario.ts";
import { DEFAULT_DATASET, seedDataset } from "../seed.ts";
import { feedUserHeaders, feedUserTokens } from "./home.ts";

const scenario: Scenario = {
  name: "home-scroll",
  description:
    "GET /api/v1/timelines/home?limit=20&max_id=… (never cached), token rotated across the feed users",
  requests: [{ path: "/api/v1/timelines/home?limit=20&max_id=9223372036854775807" }],
  dataset: DEFAULT_DATASET,
  prepare: seedDataset,
  async setup(_url, env) {
    return { rotateHeaders: feedUserHeaders(feedUserTokens(env)) };
  },
};

export default scenario;
