// Atelier's own MCP server at /mcp, driven by the official MCP SDK client over Streamable HTTP with
// the same OAuth tokens a Mastodon app gets.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StatusDigest } from "../../src/mcp/status-digest.ts";
import { createAppClient, registerUser, type UserSession } from "../support/clients.ts";
import { tokenWithScopes } from "../support/oauth.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

describe("Atelier as an MCP server", () => {
  let server: TestServer;
  let alice: UserSession;
  let bob: UserSession;
  let carol: UserSession;
  const clients: Client[] = [];

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: "atelier-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }

  const call = async (client: Client, name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;
  const text = (result: ToolResult) => result.content.map((part) => part.text ?? "").join("\n");
  const statusesOf = (result: ToolResult) => (result.structuredContent?.statuses ?? []) as StatusDigest[];

  beforeAll(async () => {
    server = (await startTestServer())!;
    alice = await registerUser(server.url, "alice");
    bob = await registerUser(server.url, "bob");
    carol = await registerUser(server.url, "carol");
    await bob.client.v1.accounts.$select(alice.account.id).follow();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.stop();
  });

  it("answers 401 with a WWW-Authenticate challenge without a valid token", async () => {
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } },
    };
    const { appToken } = await createAppClient(server.url);
    const variants: Record<string, string>[] = [
      {},
      { Authorization: "Bearer not-a-token" },
      // An app's own token acts for nobody.
      { Authorization: `Bearer ${appToken}` },
    ];
    for (const headers of variants) {
      const res = await fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          ...headers,
        },
        body: JSON.stringify(initialize),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="atelier", error="invalid_token"/);
      expect(await res.json()).toEqual({ error: expect.any(String) });
    }
    const client = new Client({ name: "anonymous", version: "1.0.0" });
    await expect(
      client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`))),
    ).rejects.toThrow();
  });

  it("lists its tools with read-only hints", async () => {
    const client = await connect(carol.token);
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining(["search_posts", "read_thread", "home_timeline", "post_status"]),
    );
    expect(byName.get("search_posts")!.annotations?.readOnlyHint).toBe(true);
    expect(byName.get("post_status")!.annotations?.readOnlyHint).toBe(false);
    expect(byName.get("search_posts")!.inputSchema.required).toEqual(["query"]);
    expect(byName.get("read_thread")!.outputSchema).toBeDefined();
  });

  it("searches only what the token's person may see", async () => {
    const open = await alice.client.v1.statuses.create({ status: "Sketching the old harbour lighthouse" });
    const secret = await alice.client.v1.statuses.create({
      status: "Secret harbour plans for the exhibition",
      visibility: "private",
    });
    const asCarol = await call(await connect(carol.token), "search_posts", { query: "harbour" });
    expect(asCarol.isError).toBeFalsy();
    expect(statusesOf(asCarol).map((s) => s.id)).toEqual([open.id]);
    expect(statusesOf(asCarol)[0]).toMatchObject({
      url: open.url,
      account: { acct: "alice" },
      text: "Sketching the old harbour lighthouse",
      visibility: "public",
    });
    expect(text(asCarol)).toContain(open.url!);
    expect(text(asCarol)).not.toContain("Secret");

    // bob follows alice, so her followers-only post is his to find.
    const asBob = await call(await connect(bob.token), "search_posts", { query: "harbour" });
    expect(
      statusesOf(asBob)
        .map((s) => s.id)
        .sort(),
    ).toEqual([open.id, secret.id].sort());

    const nothing = await call(await connect(carol.token), "search_posts", { query: "exhibition" });
    expect(statusesOf(nothing)).toEqual([]);
    expect(text(nothing)).toBe('No posts match "exhibition".');
  });

  it("reads a thread and the home timeline", async () => {
    const root = await alice.client.v1.statuses.create({ status: "Which brushes do you use for skies?" });
    const reply = await bob.client.v1.statuses.create({ status: "A wide flat one", inReplyToId: root.id });
    const hidden = await bob.client.v1.statuses.create({
      status: "@alice only for you",
      inReplyToId: root.id,
      visibility: "direct",
    });
    const carolClient = await connect(carol.token);
    const thread = await call(carolClient, "read_thread", { status_id: reply.id });
    expect(thread.structuredContent).toMatchObject({
      status: { id: reply.id, in_reply_to_id: root.id },
      ancestors: [{ id: root.id, account: { acct: "alice" } }],
      descendants: [],
    });
    const fromRoot = await call(carolClient, "read_thread", { status_id: root.id });
    expect((fromRoot.structuredContent!.descendants as StatusDigest[]).map((s) => s.id)).toEqual([reply.id]);
    expect(text(fromRoot)).toContain("A wide flat one");
    expect(text(fromRoot)).not.toContain("only for you");

    const invisible = await call(carolClient, "read_thread", { status_id: hidden.id });
    expect(invisible.isError).toBe(true);
    expect(text(invisible)).toMatch(/nothing found/i);

    const home = await call(await connect(bob.token), "home_timeline", { limit: 3 });
    expect(statusesOf(home).map((s) => s.id)).toEqual([hidden.id, reply.id, root.id]);
    expect(home.structuredContent!.next_max_id).toBe(root.id);
  });

  it("posts with a write token, and the post is there for Mastodon clients", async () => {
    const result = await call(await connect(bob.token), "post_status", {
      text: "Posted through MCP #plein_air",
    });
    expect(result.isError).toBeFalsy();
    const posted = (result.structuredContent as { status: StatusDigest }).status;
    expect(text(result)).toContain(posted.url);
    const seen = await carol.client.v1.statuses.$select(posted.id).fetch();
    expect(seen).toMatchObject({ id: posted.id, url: posted.url, visibility: "public" });
    expect(seen.account.username).toBe("bob");
    expect(seen.content).toContain("Posted through MCP");
    expect(seen.application?.name).toBe("Atelier tests");
  });

  it("refuses to post with a read-only token, with a tool error saying why", async () => {
    const readOnly = await tokenWithScopes(server.url, bob, "read");
    const client = await connect(readOnly);
    const before = (await bob.client.v1.accounts.verifyCredentials()).statusesCount;
    const refused = await call(client, "post_status", { text: "this must not be posted" });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/write:statuses/);
    expect((await bob.client.v1.accounts.verifyCredentials()).statusesCount).toBe(before);
    // Reading still works with it.
    const found = await call(client, "search_posts", { query: "brushes" });
    expect(statusesOf(found)).toHaveLength(1);
  });

  it("generates an image and posts it, with a token that may write media", async () => {
    const client = await connect(bob.token);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["generate_image", "image_status"]),
    );
    const made = await call(client, "generate_image", {
      prompt: "a lighthouse at dusk, watercolor",
      size: "256x256",
      wait_seconds: 45,
    });
    const generation = (
      made.structuredContent as {
        generation: { id: string; state: string; media: { id: string; url: string }[] };
      }
    ).generation;
    expect([made.isError ?? false, generation.state]).toEqual([false, "succeeded"]);
    expect(generation.media).toHaveLength(1);
    expect(text(made)).toContain(`media id ${generation.media[0]!.id}`);
    const status = await call(client, "image_status", { generation_id: generation.id });
    expect(status.structuredContent).toMatchObject({ generation: { id: generation.id, state: "succeeded" } });

    const posted = await call(client, "post_status", {
      text: "Made with Atelier's MCP tools",
      media_ids: [generation.media[0]!.id],
    });
    const id = (posted.structuredContent as { status: StatusDigest }).status.id;
    const seen = await carol.client.v1.statuses.$select(id).fetch();
    expect(seen.mediaAttachments.map((m) => m.id)).toEqual([generation.media[0]!.id]);
    expect((seen as unknown as { ai_generated?: boolean; aiGenerated?: boolean }).aiGenerated).toBe(true);

    const readOnly = await connect(await tokenWithScopes(server.url, bob, "read"));
    const refused = await call(readOnly, "generate_image", { prompt: "anything" });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/write:media/);
  });

  it("rejects bad arguments as a tool error, not a crash", async () => {
    const client = await connect(carol.token);
    const bad = await call(client, "read_thread", { status_id: "not-an-id" });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/status id/);
    const tooLong = await call(await connect(bob.token), "post_status", { text: "x".repeat(600) });
    expect(tooLong.isError).toBe(true);
    expect(text(tooLong)).toMatch(/character limit/);
    // The database cannot store NUL: refused as bad input, not failed as a server error.
    const nul = await call(client, "search_posts", { query: "harbour\u0000" });
    expect([nul.isError, text(nul)]).toEqual([true, expect.stringMatching(/NUL characters at query/)]);
  });

  it("is stateless: GET has no stream to offer", async () => {
    const res = await fetch(`${server.url}/mcp`, {
      headers: { Authorization: `Bearer ${carol.token}`, Accept: "text/event-stream" },
    });
    expect(res.status).toBe(405);
  });
});
