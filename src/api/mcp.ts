// POST /mcp: Atelier as an MCP server over Streamable HTTP, authenticated by the same OAuth bearer
// tokens (and scopes) as the Mastodon API. Stateless: every request gets its own server and
// transport bound to the caller, answered with plain JSON, so any process behind a load balancer
// can serve any request and nothing is kept between them.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { Hono } from "hono";
import { authenticateToken } from "../auth/oauth.ts";
import type { Logger } from "../log.ts";
import { createAtelierMcpServer } from "../mcp/server-tools.ts";
import type { ApiDeps } from "./deps.ts";
import { errorBody } from "./errors.ts";
import { bearerToken } from "./middleware/auth.ts";

/** RFC 6750: a 401 tells the client how to authenticate. */
function unauthorized(description: string): Response {
  return new Response(JSON.stringify(errorBody(description)), {
    status: 401,
    headers: {
      "Content-Type": "application/json",
      "WWW-Authenticate": `Bearer realm="atelier", error="invalid_token", error_description="${description}"`,
    },
  });
}

export function mcpRoutes(deps: ApiDeps & { logger: Logger }) {
  const { social, serialize, ai, wakeJobs } = deps;
  const logger = deps.logger.child({ component: "mcp" });
  const quotas = {
    imagesPerDay: deps.config.aiCreation.imagesPerDay,
    concurrentJobs: deps.config.aiCreation.concurrentJobs,
  };
  return (
    new Hono()
      .post("/mcp", async (c) => {
        const token = bearerToken(c);
        const auth = token ? await authenticateToken(social.db, token) : null;
        if (!auth)
          return unauthorized(token ? "The access token is invalid" : "An OAuth bearer token is required");
        if (auth.userId === null || auth.accountId === null)
          return unauthorized("This server acts for a person: use a user access token, not an app token");
        const server = createAtelierMcpServer(
          { social, serialize, logger, ai, quotas, wakeJobs },
          { userId: auth.userId, accountId: auth.accountId, appId: auth.appId, scopes: auth.scopes },
        );
        const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
        await server.connect(transport);
        // A caller that goes away stops the tools still running for it (closing aborts their signals).
        const stop = () => void server.close().catch(() => {});
        c.req.raw.signal.addEventListener("abort", stop, { once: true });
        try {
          return await transport.handleRequest(c.req.raw);
        } finally {
          c.req.raw.signal.removeEventListener("abort", stop);
          await server.close();
        }
      })
      // No server-initiated stream and no sessions in stateless mode: the spec's 405 for both.
      .on(["GET", "DELETE"], "/mcp", (c) =>
        c.json(errorBody("This MCP server is stateless: send requests with POST"), 405, { Allow: "POST" }),
      )
  );
}
