// The instance document: the cheapest real endpoint, so the ratio shows the framework and middleware
// cost (request id, metrics, compression check, logging) on top of bare node:http.
import type { Scenario } from "../scenario.ts";

const scenario: Scenario = {
  name: "instance",
  description: "GET /api/v2/instance (serialized once at startup; measures HTTP stack overhead)",
  requests: [{ path: "/api/v2/instance" }],
};

export default scenario;
