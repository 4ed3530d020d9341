// One live MCP client per app, shared by everyone who enabled it: a stdio app is one child process,
// a URL app one Streamable HTTP session. Opened on first use, reopened after a failure, and closed
// when the app is removed or the server stops. Tool lists are cached briefly, since the assistant
// asks for them on every turn.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type CallToolResult, McpError, type Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../../log.ts";
import { ATELIER_VERSION } from "../../version.ts";
import { type AddressPolicy, type GuardedFetch, guardedFetch } from "./address-guard.ts";
import type { AppDefinition } from "./definition.ts";

export interface ConnectionOptions {
  policy: AddressPolicy;
  logger: Logger;
  /** How long connecting (spawn or HTTP handshake) may take. */
  connectTimeoutMs?: number;
  /** How long one tool call may take. */
  callTimeoutMs?: number;
  /** How long a listed set of tools is reused. */
  toolsTtlMs?: number;
}

interface Connection {
  /** The definition it was opened with; a changed definition opens a new connection. */
  key: string;
  client: Promise<Client>;
  tools: { at: number; list: Promise<Tool[]> } | null;
}

const MAX_TOOL_PAGES = 20;

export class AppConnections {
  readonly #options: Required<ConnectionOptions>;
  readonly #fetch: GuardedFetch;
  readonly #open = new Map<string, Connection>();

  constructor(options: ConnectionOptions) {
    this.#options = { connectTimeoutMs: 20_000, callTimeoutMs: 60_000, toolsTtlMs: 60_000, ...options };
    this.#fetch = guardedFetch(options.policy);
  }

  #transport(app: AppDefinition): Transport {
    const { transport } = app;
    if (transport.kind === "http") {
      return new StreamableHTTPClientTransport(new URL(transport.url), {
        fetch: this.#fetch,
        requestInit: { headers: transport.headers },
      });
    }
    const stdio = new StdioClientTransport({
      command: transport.command,
      args: transport.args,
      env: transport.env,
      stderr: "pipe",
    });
    // A chatty server's stderr goes to the debug log rather than ours.
    const log = this.#options.logger.child({ app: app.name });
    stdio.stderr?.on("data", (chunk: Buffer) =>
      log.debug({ stderr: chunk.toString().trimEnd() }, "app stderr"),
    );
    return stdio;
  }

  #connection(app: AppDefinition): Connection {
    const key = JSON.stringify(app.transport);
    const existing = this.#open.get(app.name);
    if (existing?.key === key) return existing;
    if (existing) void this.close(app.name);
    const client = new Client({ name: "atelier", version: ATELIER_VERSION });
    const transport = this.#transport(app);
    const connection: Connection = {
      key,
      tools: null,
      client: client.connect(transport, { timeout: this.#options.connectTimeoutMs }).then(() => client),
    };
    // A dead process or session is forgotten, so the next use reconnects.
    client.onclose = () => {
      if (this.#open.get(app.name) === connection) this.#open.delete(app.name);
    };
    connection.client.catch(() => {
      if (this.#open.get(app.name) === connection) this.#open.delete(app.name);
      void transport.close().catch(() => {});
    });
    this.#open.set(app.name, connection);
    return connection;
  }

  /**
   * Sends one request on the app's connection. A failure of the connection itself (a network
   * error, an HTTP error status) drops it, so the next use opens a fresh one; an MCP error (a
   * timeout, a tool's refusal) leaves it. A 404 means the app's server no longer knows the session
   * (it restarted): nothing ran, so the request is sent once more on a new session, as MCP asks.
   */
  async #send<T>(app: AppDefinition, request: (client: Client) => Promise<T>, retried = false): Promise<T> {
    const connection = this.#connection(app);
    try {
      return await request(await connection.client);
    } catch (err) {
      if (err instanceof McpError) throw err;
      if (this.#open.get(app.name) === connection) await this.close(app.name);
      if (!retried && err instanceof StreamableHTTPError && err.code === 404)
        return this.#send(app, request, true);
      throw err;
    }
  }

  /** Every tool the app offers (all pages), cached for toolsTtlMs. */
  async listTools(app: AppDefinition): Promise<Tool[]> {
    const connection = this.#connection(app);
    if (connection.tools && Date.now() - connection.tools.at < this.#options.toolsTtlMs)
      return connection.tools.list;
    const list = this.#send(app, async (client) => {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_TOOL_PAGES; page++) {
        const result = await client.listTools(cursor ? { cursor } : undefined, {
          timeout: this.#options.callTimeoutMs,
        });
        tools.push(...result.tools);
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      return tools;
    });
    connection.tools = { at: Date.now(), list };
    list.catch(() => {
      if (connection.tools?.list === list) connection.tools = null;
    });
    return list;
  }

  async callTool(app: AppDefinition, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    return (await this.#send(app, (client) =>
      client.callTool({ name, arguments: args }, undefined, { timeout: this.#options.callTimeoutMs }),
    )) as CallToolResult;
  }

  /** Closes an app's connection (its process, for a stdio app). */
  async close(name: string): Promise<void> {
    const connection = this.#open.get(name);
    if (!connection) return;
    this.#open.delete(name);
    const client = await connection.client.catch(() => null);
    await client?.close().catch(() => {});
  }

  /** Closes every connection and the HTTP connection pool: for when the server stops. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((name) => this.close(name)));
    await this.#fetch.close();
  }
}
