// The instance document: the cheapest real endpoint, so the ratio shows the framework and middleware
// cost (request id, metrics, compression check, logging) on top of bare node:http.
import type { Scenario } from "../scenario.ts";
import { registerPoster } from "../social.ts";

const scenario: Scenario = {
  name: "instance",
  description: "GET /api/v2/instance (serialized once at startup; measures HTTP stack overhead)",
  requests: [{ path: "/api/v2/instance" }],
  // A server nobody has claimed looks for its first admin on every request (so the first sign-up
  // shows at once); a running server has one, and then the document comes from memory.
  async setup(url) {
    await registerPoster(url);
    return {};
  },
};

export default scenario;
