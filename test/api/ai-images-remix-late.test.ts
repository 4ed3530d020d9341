// A remix is checked again when its job runs, not only when it is requested: if meanwhile the post
// was deleted, its author turned remixing off or blocked the remixer, the job fails with the reason
// and makes nothing. The jobs wait in the queue behind a slow generation (one job at a time, the
// model a real local server speaking the OpenAI API that answers the first picture late).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, postGeneratedImage, settled, startGeneration } from "../support/ai-images.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { type FakeOpenAi, fakeOpenAiEnv, startFakeOpenAi } from "../support/openai-server.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let fake: FakeOpenAi;
let server: TestServer | null;
let alice: UserSession;
let bob: UserSession;
let carol: UserSession;
let dave: UserSession;
let erin: UserSession;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  server = await startTestServer({
    env: {
      ...fakeOpenAiEnv(fake),
      AI_IMAGE_MODEL: "openai:gpt-image-1",
      JOBS_CONCURRENCY: "1",
      AI_IMAGES_PER_DAY: "0",
      AI_IMAGE_JOBS_CONCURRENT: "0",
    },
  });
  if (!server) return;
  const url = server.url;
  [alice, bob, carol, dave, erin] = await Promise.all([
    registerUser(url),
    registerUser(url),
    registerUser(url),
    registerUser(url),
    registerUser(url),
  ]);
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const remix = async (who: UserSession, statusId: string) => {
  const res = await api(server!.url, who.token, "POST", "/api/v1/ai/images", {
    remix_of_id: statusId,
    size: "256x256",
  });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return String(res.json.id);
};

describe("a remix whose post changed while it waited", () => {
  it("fails with the reason when the post was deleted, remixing turned off or the remixer blocked", async (ctx) => {
    if (!server) return ctx.skip();
    const url = server.url;
    const [gone, closed, hidden, open] = await Promise.all([
      postGeneratedImage(url, alice, "a paper boat"),
      postGeneratedImage(url, carol, "a glass city"),
      postGeneratedImage(url, dave, "a salt marsh"),
      postGeneratedImage(url, erin, "a slow comet"),
    ]);

    // Occupy the only job slot, then queue the remixes behind it.
    fake.script("images", { delayMs: 3000 });
    const slow = await startGeneration(url, erin.token, { prompt: "a long exposure", size: "256x256" });
    const jobs = {
      gone: await remix(bob, gone.id),
      closed: await remix(bob, closed.id),
      hidden: await remix(bob, hidden.id),
      open: await remix(bob, open.id),
    };
    expect((await api(url, alice.token, "DELETE", `/api/v1/statuses/${gone.id}`)).status).toBe(200);
    await api(url, carol.token, "PATCH", "/api/v1/accounts/update_credentials", { allow_remix: false });
    expect((await api(url, dave.token, "POST", `/api/v1/accounts/${bob.account.id}/block`)).status).toBe(200);

    expect((await settled(url, erin.token, slow.id)).state).toBe("succeeded");
    const outcome = async (id: string) => {
      const job = await settled(url, bob.token, id);
      return { state: job.state, error: job.error ?? null, media: job.media_attachments.length };
    };
    const unavailable = "The post to remix is no longer available:";
    expect(await outcome(jobs.gone)).toEqual({
      state: "failed",
      error: `${unavailable} the post is gone or no longer visible to you`,
      media: 0,
    });
    expect(await outcome(jobs.closed)).toEqual({
      state: "failed",
      error: `${unavailable} @${carol.account.username} has turned off remixing of their posts`,
      media: 0,
    });
    expect(await outcome(jobs.hidden)).toEqual({
      state: "failed",
      error: `${unavailable} the post is gone or no longer visible to you`,
      media: 0,
    });
    expect(await outcome(jobs.open)).toEqual({ state: "succeeded", error: null, media: 1 });
  });
});
