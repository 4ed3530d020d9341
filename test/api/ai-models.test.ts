// The AI API on a server configured for an OpenAI-compatible provider (a real local HTTP server
// speaking the OpenAI API, test/support/openai-server.ts), with the built-in engine as the last
// text fallback: GET /api/v1/ai/models lists what is configured; writing help and alt text go to
// the provider, fall back when it fails, and fail with a 503 that says why when nothing answers.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../support/ai-images.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { tokenWithScopes } from "../support/oauth.ts";
import { type FakeOpenAi, fakeOpenAiEnv, startFakeOpenAi } from "../support/openai-server.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let fake: FakeOpenAi;
let server: TestServer;
let alice: UserSession;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  server = (await startTestServer({
    env: {
      ...fakeOpenAiEnv(fake),
      AI_TEXT_MODEL: "openai:gpt-test,builtin:writer",
      AI_VISION_MODEL: "openai:gpt-vision",
    },
  }))!;
  if (!server) return;
  alice = await registerUser(server.url);
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe("GET /api/v1/ai/models", () => {
  it("lists the configured models per capability, the built-in engine for the rest", async (ctx) => {
    if (!server) return ctx.skip();
    const { status, json } = await api(server.url, alice.token, "GET", "/api/v1/ai/models");
    expect(status).toBe(200);
    expect(json).toEqual([
      { id: "openai:gpt-test", provider: "openai", capabilities: ["text"], builtin: false },
      { id: "builtin:writer", provider: "builtin", capabilities: ["text"], builtin: true },
      { id: "builtin:sketch", provider: "builtin", capabilities: ["image"], builtin: true },
      { id: "builtin:hashed-tfidf", provider: "builtin", capabilities: ["embedding"], builtin: true },
      { id: "openai:gpt-vision", provider: "openai", capabilities: ["vision"], builtin: false },
    ]);
  });

  it("needs a token with read", async (ctx) => {
    if (!server) return ctx.skip();
    expect((await api(server.url, null, "GET", "/api/v1/ai/models")).status).toBe(401);
    const writeOnly = await tokenWithScopes(server.url, alice, "write");
    expect((await api(server.url, writeOnly, "GET", "/api/v1/ai/models")).status).toBe(403);
  });
});

describe("writing help and alt text through a provider", () => {
  it("improves text with the model, and falls back to the built-in engine when it fails", async (ctx) => {
    if (!server) return ctx.skip();
    fake.reply = () => "I have an apple.";
    const first = await api(server.url, alice.token, "POST", "/api/v1/ai/compose/improve", {
      text: "I has a apple.",
    });
    expect(first.json).toMatchObject({
      text: "I have an apple.",
      model: "openai:gpt-test",
      suggestions: [
        { offset: 2, length: 3, replacement: "have" },
        { offset: 6, length: 1, replacement: "an" },
      ],
    });
    expect(JSON.stringify(fake.calls("chat").at(-1)!.body.messages)).toContain("Fix spelling and grammar");

    fake.script("chat", { status: 500 });
    const fallback = await api(server.url, alice.token, "POST", "/api/v1/ai/compose/improve", {
      text: "I has a apple.",
    });
    expect(fallback.json).toMatchObject({ text: "I have an apple.", model: "builtin:writer" });
  });

  it("describes an upload with the vision model, and answers 503 with the reason when it is down", async (ctx) => {
    if (!server) return ctx.skip();
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "green" } })
      .png()
      .toBuffer();
    const media = await alice.client.v2.media.create({
      file: new Blob([new Uint8Array(png)], { type: "image/png" }),
    });
    fake.reply = () => "A plain green rectangle.";
    const described = await api(server.url, alice.token, "POST", `/api/v1/ai/media/${media.id}/describe`);
    expect(described.json).toMatchObject({
      description: "A plain green rectangle.",
      model: "openai:gpt-vision",
      draft: false,
    });
    expect(JSON.stringify(fake.calls("chat").at(-1)!.body.messages)).toContain("data:image/webp;base64,");

    fake.script("chat", { status: 503, headers: { "retry-after": "0" } });
    const down = await api(server.url, alice.token, "POST", `/api/v1/ai/media/${media.id}/describe`);
    expect(down.status).toBe(503);
    expect(down.json.error).toBe(
      "AI is unavailable: every vision model failed: openai:gpt-vision had a server error (503)",
    );
    expect((await alice.client.v1.media.$select(media.id).fetch()).description).toBe(
      "A plain green rectangle.",
    );
  });
});
