import { Hono } from "hono";
import type { Config } from "../../config.ts";
import { describeInstance } from "../../social/instance.ts";
import { serializeInstanceV1, serializeInstanceV2 } from "./serializers/instance.ts";

export function instanceRoutes(config: Config) {
  // The instance document changes only with config, so it is serialized once.
  const info = describeInstance(config);
  const v2 = JSON.stringify(serializeInstanceV2(info));
  const v1 = JSON.stringify(serializeInstanceV1(info));
  const json = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60" };
  return new Hono()
    .get("/api/v2/instance", (c) => c.body(v2, 200, json))
    .get("/api/v1/instance", (c) => c.body(v1, 200, json));
}
