// POST /api/v1/ai/compose/improve on the built-in engine: harper.js finds real mistakes with
// offsets a client can apply, tones add their rules, hashtags come from the instance's trending
// tags (public posts only), and bad input or a token without write gets Mastodon's errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../support/ai-images.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { tokenWithScopes } from "../support/oauth.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

interface Improved {
  text: string;
  suggestions: Array<{ offset: number; length: number; replacement: string; message: string }>;
  model: string;
  hashtags: string[];
}

let server: TestServer;
let alice: UserSession;
let bob: UserSession;

beforeAll(async () => {
  server = (await startTestServer())!;
  if (!server) return;
  [alice, bob] = await Promise.all([registerUser(server.url), registerUser(server.url)]);
});
afterAll(async () => {
  await server?.stop();
});

async function improve(token: string | null, body: unknown) {
  const { status, json } = await api(server.url, token, "POST", "/api/v1/ai/compose/improve", body);
  return { status, json: json as unknown as Improved & { error?: string } };
}

describe("POST /api/v1/ai/compose/improve", () => {
  it("returns grammar and spelling fixes as suggestions whose offsets point at the mistakes", async (ctx) => {
    if (!server) return ctx.skip();
    const text = "Finished my 🎨 today! I has a new brush (#realy @bob) and it is realy good.";
    const { status, json } = await improve(alice.token, { text });
    expect(status).toBe(200);
    expect(json.model).toBe("builtin:writer");
    const applied = json.suggestions.map((s) => [text.slice(s.offset, s.offset + s.length), s.replacement]);
    expect(applied).toEqual([
      ["has", "have"],
      ["realy", "really"],
    ]);
    expect(json.suggestions[1]!.offset).toBe(text.lastIndexOf("realy"));
    expect(json.text).toBe("Finished my 🎨 today! I have a new brush (#realy @bob) and it is really good.");
    for (const suggestion of json.suggestions) expect(suggestion.message).toBeTruthy();
  });

  it("applies a tone", async (ctx) => {
    if (!server) return ctx.skip();
    const { json } = await improve(alice.token, {
      text: "Hey, I can't make it, gonna be late.",
      tone: "more formal",
    });
    expect(json.text).toBe("Hello, I cannot make it, going to be late.");
    const shorter = await improve(alice.token, { text: "It was really very quiet.", tone: "shorter" });
    expect(shorter.json.text).toBe("It was quiet.");
  });

  it("suggests hashtags trending in public posts, never ones used only in private", async (ctx) => {
    if (!server) return ctx.skip();
    await bob.client.v1.statuses.create({
      status: "New piece #GenerativeArt #Harbour",
      visibility: "public",
    });
    await alice.client.v1.statuses.create({ status: "more #GenerativeArt", visibility: "public" });
    await bob.client.v1.statuses.create({ status: "secret #SecretProject", visibility: "private" });
    const { json } = await improve(alice.token, {
      text: "My secret project: generative art of the harbour",
    });
    expect(json.hashtags).toEqual(["GenerativeArt", "Harbour"]);
    const tagged = await improve(alice.token, { text: "generative art #GenerativeArt" });
    expect(tagged.json.hashtags).toEqual([]);
  });

  it("refuses blank text, an unknown tone, no token and a token without write", async (ctx) => {
    if (!server) return ctx.skip();
    expect((await improve(alice.token, { text: "   " })).json.error).toBe(
      "Validation failed: text can't be blank",
    );
    const tone = await improve(alice.token, { text: "hello", tone: "angrier" });
    expect(tone.status).toBe(422);
    expect(tone.json.error).toMatch(/tone must be one of clearer, friendlier, shorter, more_formal/);
    expect((await improve(null, { text: "hello" })).status).toBe(401);
    const readOnly = await tokenWithScopes(server.url, alice, "read");
    expect((await improve(readOnly, { text: "hello" })).status).toBe(403);
    expect((await improve(alice.token, { text: "x".repeat(10_001) })).status).toBe(422);
  });
});

describe("what improve returns is checked and counted", () => {
  it("withholds a suggestion the blocklist flags, with the reason", async (ctx) => {
    if (!server) return ctx.skip();
    const { status, json } = await improve(alice.token, { text: "i has found a snuff film archive" });
    expect(status).toBe(422);
    expect(json.error).toMatch(/^Refused: the generated text was withheld: .*snuff film/);
  });

  it("records each call in the person's AI usage, per model", async (ctx) => {
    if (!server) return ctx.skip();
    const usage = async () => {
      const { json } = await api(server.url, bob.token, "GET", "/api/v1/ai/usage");
      const rows = (json as { usage: Array<{ capability: string; model: string; requests: number }> }).usage;
      return rows.find((r) => r.capability === "text" && r.model === "builtin:writer")?.requests ?? 0;
    };
    const before = await usage();
    await improve(bob.token, { text: "It were fine." });
    await improve(bob.token, { text: "They was here." });
    expect(await usage()).toBe(before + 2);
  });
});

describe("GET /api/v1/ai/models with nothing configured", () => {
  it("lists the built-in engine for every capability", async (ctx) => {
    if (!server) return ctx.skip();
    const { json } = await api(server.url, alice.token, "GET", "/api/v1/ai/models");
    expect(json).toEqual([
      { id: "builtin:writer", provider: "builtin", capabilities: ["text"], builtin: true },
      { id: "builtin:sketch", provider: "builtin", capabilities: ["image"], builtin: true },
      { id: "builtin:hashed-tfidf", provider: "builtin", capabilities: ["embedding"], builtin: true },
      { id: "builtin:describe", provider: "builtin", capabilities: ["vision"], builtin: true },
    ]);
  });
});
