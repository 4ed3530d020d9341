// App connections against a real MCP server with sessions (the SDK's Streamable HTTP server on
// node:http): when the app's server forgets the session (it restarted), the next call opens a new
// session instead of failing from then on.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../log.ts";
import { createAddressPolicy } from "./address-guard.ts";
import { AppConnections } from "./connections.ts";
import { toAppDefinition } from "./definition.ts";

/** An app whose `ping` tool answers with the number of sessions it opened so far. */
function pingServer() {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let opened = 0;
  const server = http.createServer(async (req, res) => {
    const sessionId = req.headers["mcp-session-id"];
    const known = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (known) return known.handleRequest(req, res);
    if (sessionId) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }),
      );
      return;
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        opened++;
        sessions.set(id, transport);
      },
    });
    const mcp = new McpServer({ name: "ping", version: "1.0.0" });
    mcp.registerTool("ping", { description: "Answers pong", annotations: { readOnlyHint: true } }, () => ({
      content: [{ type: "text", text: `pong from session ${opened}` }],
    }));
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  });
  return { server, sessions };
}

describe("app connections", () => {
  const { server, sessions } = pingServer();
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("opens a new session when the app's server no longer knows the old one", async () => {
    const connections = new AppConnections({
      policy: createAddressPolicy(["127.0.0.1"]),
      logger: createLogger("silent"),
    });
    const app = toAppDefinition({ name: "ping", url }, "admin");
    const text = async () => {
      const result = await connections.callTool(app, "ping", {});
      return result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
    };
    try {
      expect(await text()).toBe("pong from session 1");
      expect(await text()).toBe("pong from session 1");
      sessions.clear(); // the app's server restarted and forgot every session
      expect(await text()).toBe("pong from session 2");
      expect((await connections.listTools(app)).map((tool) => tool.name)).toEqual(["ping"]);
    } finally {
      await connections.closeAll();
    }
  });
});
