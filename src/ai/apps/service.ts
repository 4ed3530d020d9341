// Apps for the assistant: MCP servers the admin registered (AI_APPS configuration or the admin API),
// which people switch on for themselves. Their tools reach the assistant namespaced by app
// (`notes__create_note`), each marked whether it writes — a writing tool runs only after the person
// confirms it, like the assistant's own. No HTTP here; src/api/ai/apps.ts serves this.
import { ErrorCode, McpError, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { aiAppEnablements, aiApps } from "../../db/schema.ts";
import { DomainError, notFound, unprocessable } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import { type AddressPolicy, AddressRefusedError, checkUrl, createAddressPolicy } from "./address-guard.ts";
import { AppConnections } from "./connections.ts";
import { type AppDefinition, type AppDefinitionInput, toAppDefinition } from "./definition.ts";
import { type AppTool, type AppToolResult, appTool, parseToolName, toolResult } from "./tools.ts";

export interface AppsSettings {
  /** Apps from the AI_APPS configuration. */
  apps: AppDefinitionInput[];
  /** AI_APPS_ALLOWED_HOSTS: host names and CIDR ranges app URLs may reach though not public. */
  allowedHosts: string[];
  /** AI_APPS_ADMIN_STDIO: whether the admin API may register programs to run on this server. */
  adminStdio: boolean;
}

export interface AppsServiceOptions {
  db: Database;
  settings: AppsSettings;
  logger: Logger;
  callTimeoutMs?: number;
}

/** An app as a person sees it in their list. */
export interface UserApp {
  app: AppDefinition;
  enabled: boolean;
}

/** The error, or the first error in its `cause` chain, that is an instance of `type`. */
function causeOf<T>(err: unknown, type: abstract new (...args: never[]) => T): T | null {
  for (let at = err, depth = 0; at instanceof Error && depth < 5; at = at.cause, depth++)
    if (at instanceof type) return at;
  return null;
}

/**
 * Why an app failed, in words anyone who uses it may read: never its address, command or what its
 * server answered (those are the admin's, and are in the log).
 */
function failureKind(err: unknown): string {
  if (causeOf(err, AddressRefusedError))
    return "its address is not a public one (an admin can allow it with AI_APPS_ALLOWED_HOSTS)";
  const mcp = causeOf(err, McpError);
  if (mcp?.code === ErrorCode.RequestTimeout) return "it did not answer in time";
  if (mcp && mcp.code !== ErrorCode.ConnectionClosed) return `it answered with an error (${mcp.code})`;
  return "it could not be reached";
}

type AppRow = typeof aiApps.$inferSelect;

function fromRow(row: AppRow): AppDefinition {
  return toAppDefinition(
    {
      name: row.name,
      title: row.title,
      description: row.description,
      ...(row.url !== null ? { url: row.url, headers: row.headers } : {}),
      ...(row.command !== null ? { command: row.command, args: row.args, env: row.env } : {}),
    },
    "admin",
  );
}

export class AppsService {
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #settings: AppsSettings;
  readonly #configured: Map<string, AppDefinition>;
  readonly policy: AddressPolicy;
  readonly #connections: AppConnections;

  constructor(options: AppsServiceOptions) {
    this.#db = options.db;
    this.#logger = options.logger.child({ component: "apps" });
    this.#settings = options.settings;
    this.#configured = new Map(
      options.settings.apps.map((input) => [input.name, toAppDefinition(input, "config")]),
    );
    this.policy = createAddressPolicy(options.settings.allowedHosts);
    this.#connections = new AppConnections({
      policy: this.policy,
      logger: this.#logger,
      ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
    });
  }

  /** Every registered app: configured ones first, then the admin's, by name. */
  async listApps(): Promise<AppDefinition[]> {
    const rows = await this.#db.select().from(aiApps).orderBy(asc(aiApps.name));
    return [
      ...this.#configured.values(),
      ...rows.map(fromRow).filter((app) => !this.#configured.has(app.name)),
    ];
  }

  async getApp(name: string): Promise<AppDefinition> {
    const configured = this.#configured.get(name);
    if (configured) return configured;
    const [row] = await this.#db.select().from(aiApps).where(eq(aiApps.name, name)).limit(1);
    if (!row) throw notFound("App");
    return fromRow(row);
  }

  /** Registers an app through the admin API; URLs must pass the SSRF guard. */
  async createApp(input: AppDefinitionInput, createdByAccountId: bigint): Promise<AppDefinition> {
    if (input.command !== undefined && !this.#settings.adminStdio) {
      throw new DomainError(
        403,
        "Programs (stdio apps) can only be added in the AI_APPS configuration, unless AI_APPS_ADMIN_STDIO is on",
      );
    }
    if (input.url !== undefined) {
      await checkUrl(this.policy, input.url).catch((err: unknown) => {
        throw err instanceof AddressRefusedError
          ? unprocessable(`Validation failed: url ${err.message}`)
          : err;
      });
    }
    const app = toAppDefinition(input, "admin");
    const taken = () => unprocessable(`Validation failed: an app named ${app.name} already exists`);
    if (this.#configured.has(app.name)) throw taken();
    const { transport } = app;
    const inserted = await this.#db
      .insert(aiApps)
      .values({
        name: app.name,
        title: app.title,
        description: app.description,
        createdByAccountId,
        ...(transport.kind === "http"
          ? { url: transport.url, headers: transport.headers }
          : { command: transport.command, args: transport.args, env: transport.env }),
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length) throw taken();
    return app;
  }

  /** Removes an admin-registered app, everyone's enablement of it, and its connection. */
  async deleteApp(name: string): Promise<void> {
    if (this.#configured.has(name))
      throw unprocessable(`The app ${name} is defined in the AI_APPS configuration; remove it there`);
    const deleted = await this.#db
      .delete(aiApps)
      .where(eq(aiApps.name, name))
      .returning({ name: aiApps.name });
    if (!deleted.length) throw notFound("App");
    await this.#db.delete(aiAppEnablements).where(eq(aiAppEnablements.appName, name));
    await this.#connections.close(name);
  }

  async #enabledNames(userId: bigint): Promise<Set<string>> {
    const rows = await this.#db
      .select({ name: aiAppEnablements.appName })
      .from(aiAppEnablements)
      .where(eq(aiAppEnablements.userId, userId));
    return new Set(rows.map((row) => row.name));
  }

  /** Every app, with whether this person switched it on. */
  async listAppsForUser(userId: bigint): Promise<UserApp[]> {
    const [apps, enabled] = await Promise.all([this.listApps(), this.#enabledNames(userId)]);
    return apps.map((app) => ({ app, enabled: enabled.has(app.name) }));
  }

  async setEnabled(userId: bigint, name: string, enabled: boolean): Promise<UserApp> {
    const app = await this.getApp(name);
    if (enabled) {
      await this.#db.insert(aiAppEnablements).values({ userId, appName: name }).onConflictDoNothing();
    } else {
      await this.#db
        .delete(aiAppEnablements)
        .where(and(eq(aiAppEnablements.userId, userId), eq(aiAppEnablements.appName, name)));
    }
    return { app, enabled };
  }

  /** A 503 for a failed app; the full reason goes to the log. */
  #unavailable(app: AppDefinition, err: unknown): DomainError {
    this.#logger.warn({ err, app: app.name }, "app unavailable");
    return new DomainError(503, `The app ${app.title} is unavailable: ${failureKind(err)}`);
  }

  async #tools(app: AppDefinition): Promise<AppTool[]> {
    let listed: Tool[];
    try {
      listed = await this.#connections.listTools(app);
    } catch (err) {
      throw this.#unavailable(app, err);
    }
    const tools = new Map<string, AppTool>();
    for (const tool of listed) {
      const namespaced = appTool(app, tool);
      if (!tools.has(namespaced.name)) tools.set(namespaced.name, namespaced);
    }
    return [...tools.values()];
  }

  /** One app's tools, namespaced; anyone may look before switching it on. */
  async listAppTools(name: string): Promise<AppTool[]> {
    return this.#tools(await this.getApp(name));
  }

  /**
   * The tools of every app this person enabled, for the assistant. An app that does not answer is
   * left out (and logged) rather than failing the whole list.
   */
  async listToolsForUser(userId: bigint): Promise<AppTool[]> {
    const enabled = (await this.listAppsForUser(userId)).filter((entry) => entry.enabled);
    const lists = await Promise.all(
      enabled.map(({ app }) =>
        // #tools has logged why.
        this.#tools(app).catch(() => []),
      ),
    );
    return lists.flat();
  }

  /**
   * Calls `app__tool` for this person; the app must exist and be enabled by them. Whether a writing
   * tool was confirmed is the caller's business (the assistant asks first; a direct API call is
   * the person's own act). A tool's own failure comes back as a result with isError, not a throw.
   */
  async callAppTool(
    userId: bigint,
    namespacedName: string,
    args: Record<string, unknown>,
  ): Promise<AppToolResult> {
    const parsed = parseToolName(namespacedName);
    if (!parsed) throw notFound("Tool");
    const app = await this.getApp(parsed.app);
    if (!(await this.#enabledNames(userId)).has(app.name))
      throw new DomainError(403, `Enable the app ${app.title} before using its tools`);
    const tool = (await this.#tools(app)).find((candidate) => candidate.name === namespacedName);
    if (!tool) throw notFound("Tool");
    try {
      return toolResult(tool, await this.#connections.callTool(app, tool.toolName, args));
    } catch (err) {
      if (err instanceof McpError && err.code === ErrorCode.InvalidParams)
        throw unprocessable(`Validation failed: ${err.message}`);
      throw this.#unavailable(app, err);
    }
  }

  /** Closes every app connection (and stops stdio apps' processes). */
  close(): Promise<void> {
    return this.#connections.closeAll();
  }
}
