// Generated images from a provider pass OpenAI's moderation before anything is stored, against a
// real local server speaking the OpenAI API: a clean picture becomes media, a flagged one fails the
// job with the reason and leaves no media behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled, startGeneration } from "../support/ai-images.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { type FakeOpenAi, fakeOpenAiEnv, startFakeOpenAi } from "../support/openai-server.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let fake: FakeOpenAi;
let server: TestServer | null;
let alice: UserSession;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  server = await startTestServer({
    env: {
      ...fakeOpenAiEnv(fake),
      AI_IMAGE_MODEL: "openai:gpt-image-1",
      AI_MODERATION: "openai",
    },
  });
  if (server) alice = await registerUser(server.url);
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const imageModerations = () => fake.calls("moderations").filter((call) => Array.isArray(call.body.input));

describe("moderation of generated images", () => {
  it("sends each picture to the moderation model and keeps the clean ones", async (ctx) => {
    if (!server) return ctx.skip();
    const job = await startGeneration(server.url, alice.token, {
      prompt: "a quiet harbour",
      size: "256x256",
    });
    const done = await settled(server.url, alice.token, job.id);
    expect(done.state).toBe("succeeded");
    expect(done.media_attachments).toHaveLength(1);
    const [check] = imageModerations();
    expect(check?.body.model).toBe("omni-moderation-latest");
    expect(JSON.stringify(check?.body.input)).toMatch(/"type":"image_url".*"url":"data:image\/png;base64,/);
  });

  it("fails a job whose picture is flagged, says why, and stores no media", async (ctx) => {
    if (!server) return ctx.skip();
    // Hold the picture back a moment so the flagged verdict below is the one its check receives.
    fake.script("images", { delayMs: 400 });
    const job = await startGeneration(server.url, alice.token, { prompt: "a stormy sea", size: "256x256" });
    fake.script("moderations", {
      status: 200,
      body: JSON.stringify({
        id: "modr-2",
        results: [{ flagged: true, categories: { "violence/graphic": true }, category_scores: {} }],
      }),
    });
    const done = await settled(server.url, alice.token, job.id);
    expect(done.state).toBe("failed");
    expect(done.error).toMatch(/generated image was withheld: it was flagged for graphic violence/);
    expect(done.media_attachments).toEqual([]);
  });
});
