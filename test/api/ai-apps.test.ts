// Apps for the assistant with a real third-party MCP server from npm (the MCP project's "everything"
// server): run over stdio from the AI_APPS configuration, and over Streamable HTTP registered
// through the admin API on a loopback address the admin allow-listed.
import type { ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema.ts";
import { registerAdmin } from "../support/admin.ts";
import { api as request } from "../support/ai-images.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { EVERYTHING_SERVER, startEverythingHttp } from "../support/everything-server.ts";
import { tokenWithScopes } from "../support/oauth.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/** A JSON answer: an entity, a list of them, or an error (tests read whichever they expect). */
type Entity = { error?: string; text?: string; is_error?: boolean; id?: string } & Record<string, unknown>;
interface Json {
  status: number;
  body: Entity & Entity[];
}

describe("apps: MCP servers for the assistant", () => {
  let server: TestServer;
  let remote: { url: string; child: ChildProcess };
  let admin: UserSession;
  let alice: UserSession;

  async function api(
    path: string,
    token: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<Json> {
    const { status, json } = await request(server.url, token, init.method ?? "GET", path, init.body);
    return { status, body: json as Json["body"] };
  }

  beforeAll(async () => {
    remote = await startEverythingHttp();
    process.env.ATELIER_APPS_TEST_SECRET = "never-shown-to-apps";
    server = (await startTestServer({
      env: {
        AI_APPS: JSON.stringify([
          {
            name: "everything",
            title: "Everything",
            description: "The MCP reference server",
            command: process.execPath,
            args: [EVERYTHING_SERVER, "stdio"],
            env: { GREETING: "hello from the config" },
          },
          // On a private address nobody allow-listed: the guard refuses it when connecting.
          { name: "lan", title: "Office server", url: "http://192.168.77.1/mcp" },
        ]),
        AI_APPS_ALLOWED_HOSTS: "127.0.0.1",
      },
    }))!;
    admin = await registerAdmin(server.url, "curator");
    alice = await registerUser(server.url, "alice");
  });
  afterAll(async () => {
    delete process.env.ATELIER_APPS_TEST_SECRET;
    await server?.stop(); // closes the stdio app's process too
    remote?.child.kill();
  });

  it("runs a stdio app from the configuration: tools listed, namespaced and marked, one called", async () => {
    const listed = await api("/api/v1/ai/apps", alice.token);
    expect(listed).toEqual({
      status: 200,
      body: [
        {
          id: "everything",
          name: "everything",
          title: "Everything",
          description: "The MCP reference server",
          transport: "stdio",
          enabled: false,
        },
        {
          id: "lan",
          name: "lan",
          title: "Office server",
          description: "",
          transport: "http",
          enabled: false,
        },
      ],
    });
    const tools = await api("/api/v1/ai/apps/everything/tools", alice.token);
    expect(tools.status).toBe(200);
    const byName = new Map(tools.body.map((tool) => [tool.name, tool]));
    expect(byName.get("everything__echo")).toMatchObject({
      tool: "echo",
      app: { id: "everything", title: "Everything" },
      description: "Echoes back the input string",
      input_schema: { type: "object", properties: { message: { type: "string" } } },
      writes: false,
      destructive: false,
    });
    // A tool that changes state needs confirmation in the assistant.
    expect(byName.get("everything__toggle-simulated-logging")).toMatchObject({
      writes: true,
      destructive: false,
    });

    const early = await api("/api/v1/ai/apps/everything/tools/echo/call", alice.token, {
      method: "POST",
      body: { arguments: { message: "hi" } },
    });
    expect(early.status).toBe(403);
    expect(early.body.error).toMatch(/Enable the app/);

    const enabled = await api("/api/v1/ai/apps/everything/enable", alice.token, { method: "POST" });
    expect(enabled.body).toMatchObject({ id: "everything", enabled: true });
    const echoed = await api("/api/v1/ai/apps/everything/tools/echo/call", alice.token, {
      method: "POST",
      body: { arguments: { message: "hello, apps" } },
    });
    expect(echoed).toEqual({
      status: 200,
      body: {
        tool: "everything__echo",
        is_error: false,
        text: "Echo: hello, apps",
        content: [{ type: "text", text: "Echo: hello, apps" }],
      },
    });
    // The app's environment is the configured one plus a safe minimum, never Atelier's secrets.
    const env = await api("/api/v1/ai/apps/everything/tools/everything__get-env/call", alice.token, {
      method: "POST",
      body: {},
    });
    expect(env.body.text).toContain("hello from the config");
    expect(env.body.text).not.toContain("never-shown-to-apps");
  });

  it("gives the assistant the enabled apps' tools and calls them by namespaced name", async () => {
    const [row] = await server.running.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.accountId, BigInt(alice.account.id)));
    const userId = row!.id;
    const apps = server.running.apps;
    // An app that can't be reached is left out of the assistant's tools, not fatal to them.
    await api("/api/v1/ai/apps/lan/enable", alice.token, { method: "POST" });
    const unreachable = await api("/api/v1/ai/apps/lan/tools", alice.token);
    expect(unreachable.status).toBe(503);
    // The person learns why in general terms, never the app's address (that is the admin's).
    expect(unreachable.body.error).toBe(
      "The app Office server is unavailable: its address is not a public one (an admin can allow it with AI_APPS_ALLOWED_HOSTS)",
    );
    const tools = await apps.listToolsForUser(userId);
    expect(tools.map((tool) => tool.name)).toContain("everything__get-sum");
    expect(tools.every((tool) => tool.name.startsWith("everything__"))).toBe(true);
    const sum = await apps.callAppTool(userId, "everything__get-sum", { a: 2, b: 40 });
    expect(sum).toMatchObject({ isError: false, text: "The sum of 2 and 40 is 42." });
    const image = await apps.callAppTool(userId, "everything__get-tiny-image", {});
    expect(image.text).toMatch(/\[image: image\/png, \d+ bytes\]/);

    await api("/api/v1/ai/apps/everything/disable", alice.token, { method: "POST" });
    await api("/api/v1/ai/apps/lan/disable", alice.token, { method: "POST" });
    expect(await apps.listToolsForUser(userId)).toEqual([]);
    await expect(apps.callAppTool(userId, "everything__get-sum", { a: 1, b: 1 })).rejects.toThrow(
      /Enable the app/,
    );
    const listed = await api("/api/v1/ai/apps", alice.token);
    expect(listed.body[0]).toMatchObject({ id: "everything", enabled: false });
  });

  it("lets only admins register apps, and refuses URLs at private addresses unless allow-listed", async () => {
    const byUser = await api("/api/v1/admin/ai/apps", alice.token, {
      method: "POST",
      body: { name: "remote", url: remote.url },
    });
    expect(byUser.status).toBe(403);
    const refusals = [
      { name: "inside", url: "http://10.1.2.3/mcp" },
      { name: "metadata", url: "http://169.254.169.254/latest" },
      { name: "loopback6", url: `http://[::1]:${new URL(remote.url).port}/mcp` },
      { name: "mapped", url: "http://[::ffff:192.168.0.1]/mcp" },
    ];
    for (const body of refusals) {
      const refused = await api("/api/v1/admin/ai/apps", admin.token, { method: "POST", body });
      expect([body.url, refused.status]).toEqual([body.url, 422]);
      expect(refused.body.error).toMatch(/non-public address.*AI_APPS_ALLOWED_HOSTS/);
    }
    const stdio = await api("/api/v1/admin/ai/apps", admin.token, {
      method: "POST",
      body: { name: "shell", command: "/bin/sh", args: ["-c", "id"] },
    });
    expect(stdio.status).toBe(403);
    const invalid = await api("/api/v1/admin/ai/apps", admin.token, {
      method: "POST",
      body: { name: "Bad_Name", url: remote.url },
    });
    expect(invalid.status).toBe(422);
    const taken = await api("/api/v1/admin/ai/apps", admin.token, {
      method: "POST",
      body: { name: "everything", url: remote.url },
    });
    expect(taken.status).toBe(422);
  });

  it("runs a Streamable HTTP app the admin registered", async () => {
    const created = await api("/api/v1/admin/ai/apps", admin.token, {
      method: "POST",
      body: {
        name: "remote",
        title: "Remote everything",
        url: remote.url,
        headers: { "X-Api-Key": "secret-key" },
      },
    });
    expect(created).toEqual({
      status: 200,
      body: {
        id: "remote",
        name: "remote",
        title: "Remote everything",
        description: "",
        transport: "http",
        source: "admin",
        url: remote.url,
        header_names: ["X-Api-Key"],
        command: null,
        args: [],
        env_names: [],
      },
    });
    const all = await api("/api/v1/admin/ai/apps", admin.token);
    expect(all.body.map((app) => [app.id, app.source])).toEqual([
      ["everything", "config"],
      ["lan", "config"],
      ["remote", "admin"],
    ]);
    expect(JSON.stringify(all.body)).not.toContain("secret-key");

    await api("/api/v1/ai/apps/remote/enable", alice.token, { method: "POST" });
    const tools = await api("/api/v1/ai/apps/remote/tools", alice.token);
    expect(tools.body.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["remote__echo", "remote__get-sum"]),
    );
    const sum = await api("/api/v1/ai/apps/remote/tools/get-sum/call", alice.token, {
      method: "POST",
      body: { arguments: { a: 20, b: 22 } },
    });
    expect(sum.body).toMatchObject({
      tool: "remote__get-sum",
      is_error: false,
      text: "The sum of 20 and 22 is 42.",
    });
    const structured = await api("/api/v1/ai/apps/remote/tools/get-structured-content/call", alice.token, {
      method: "POST",
      body: { arguments: { location: "New York" } },
    });
    expect(structured.body).toMatchObject({ is_error: false, structured_content: expect.any(Object) });

    // A writing tool needs a token that may write.
    const reader = await tokenWithScopes(server.url, alice, "read");
    const readOnly = await api("/api/v1/ai/apps/remote/tools/toggle-simulated-logging/call", reader, {
      method: "POST",
      body: {},
    });
    expect(readOnly.status).toBe(403);
    const echo = await api("/api/v1/ai/apps/remote/tools/echo/call", reader, {
      method: "POST",
      body: { arguments: { message: "read-only is enough" } },
    });
    expect(echo.body.text).toBe("Echo: read-only is enough");
    const badArgs = await api("/api/v1/ai/apps/remote/tools/get-sum/call", alice.token, {
      method: "POST",
      body: { arguments: { a: "two" } },
    });
    expect(badArgs.status === 422 || badArgs.body.is_error === true).toBe(true);
    const notAnObject = await api("/api/v1/ai/apps/remote/tools/get-sum/call", alice.token, {
      method: "POST",
      body: { arguments: [20, 22] },
    });
    expect(notAnObject).toEqual({
      status: 422,
      body: { error: "Validation failed: arguments must be an object" },
    });
  });

  it("removes an admin's app with everyone's enablement, but not a configured one", async () => {
    expect((await api("/api/v1/admin/ai/apps/everything", admin.token, { method: "DELETE" })).status).toBe(
      422,
    );
    expect(await api("/api/v1/admin/ai/apps/remote", admin.token, { method: "DELETE" })).toEqual({
      status: 200,
      body: {},
    });
    expect((await api("/api/v1/admin/ai/apps/remote", admin.token, { method: "DELETE" })).status).toBe(404);
    const listed = await api("/api/v1/ai/apps", alice.token);
    expect(listed.body.map((app) => app.id)).toEqual(["everything", "lan"]);
    expect((await api("/api/v1/ai/apps/remote/tools", alice.token)).status).toBe(404);
    expect((await api("/api/v1/ai/apps/no_such/tools", alice.token)).status).toBe(404);
  });
});
