// Remix: a generation started from someone's public generated image links back to it, tells the
// author when the remix is posted, respects the author's opt-out, and never reaches private posts.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  fetchMedia,
  type GenerationJson,
  postGeneratedImage,
  settled,
  startGeneration,
} from "../support/ai-images.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let alice: UserSession;
let bob: UserSession;
let carol: UserSession;

beforeAll(async () => {
  server = (await startTestServer({ env: { AI_IMAGES_PER_DAY: "0", AI_IMAGE_JOBS_CONCURRENT: "0" } }))!;
  if (!server) return;
  [alice, bob, carol] = await Promise.all([
    registerUser(server.url),
    registerUser(server.url),
    registerUser(server.url),
  ]);
});

afterAll(async () => {
  await server?.stop();
});

const postGenerated = (who: UserSession, prompt: string, visibility = "public", extra = {}) =>
  postGeneratedImage(server.url, who, prompt, visibility, extra);

const remix = (who: UserSession, statusId: string, body: Record<string, unknown> = {}) =>
  api(server.url, who.token, "POST", "/api/v1/ai/images", {
    remix_of_id: statusId,
    size: "192x128",
    seed: 7,
    ...body,
  });

async function waitForNotification(who: UserSession, type: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await api(server.url, who.token, "GET", "/api/v1/notifications");
    const found = (res.json as unknown as { type: string }[]).find((n) => n.type === type);
    if (found) return found as unknown as { type: string; account: { acct: string }; status: { id: string } };
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("remixing a generated image", () => {
  it("starts from the original's prompt and picture, links back, and notifies the author once posted", async (ctx) => {
    if (!server) return ctx.skip();
    const original = await postGenerated(alice, "a lighthouse on a cliff under the stars");

    const started = await remix(bob, original.id);
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({
      prompt: "a lighthouse on a cliff under the stars",
      remix_of_id: original.id,
    });
    const done = await settled(server.url, bob.token, String(started.json.id));
    expect(done.state).toBe("succeeded");
    expect(done.media_attachments[0]!.meta.generation).toMatchObject({
      prompt: "a lighthouse on a cliff under the stars",
      remix_of_id: original.id,
      remix_of_acct: alice.account.username,
    });

    // The original picture went in as the source: the same prompt and seed without it look different.
    const fresh = await settled(
      server.url,
      bob.token,
      (
        await startGeneration(server.url, bob.token, {
          prompt: "a lighthouse on a cliff under the stars",
          size: "192x128",
          seed: 7,
        })
      ).id,
    );
    const pixels = async (job: GenerationJson) =>
      sharp(await fetchMedia(server.url, job.media_attachments[0]!.url))
        .raw()
        .toBuffer();
    expect((await pixels(done)).equals(await pixels(fresh))).toBe(false);

    const posted = await api(server.url, bob.token, "POST", "/api/v1/statuses", {
      status: "my take",
      media_ids: [done.media_attachments[0]!.id],
    });
    expect(posted.json).toMatchObject({
      ai_generated: true,
      remix_of: { id: original.id, account: { acct: alice.account.username } },
    });
    expect(String((posted.json.remix_of as { url: string }).url)).toContain(
      `/@${alice.account.username}/${original.id}`,
    );

    const notification = await waitForNotification(alice, "remix");
    expect(notification).toMatchObject({
      type: "remix",
      account: { acct: bob.account.username },
      status: { id: posted.json.id },
    });
    // Nobody else hears of it.
    expect(await waitForNotification(carol, "remix", 300)).toBeNull();
  });

  it("a remix needs a public or unlisted post the person can see, with a generated image", async (ctx) => {
    if (!server) return ctx.skip();
    await carol.client.v1.accounts.$select(alice.account.id).follow();
    const privatePost = await postGenerated(alice, "a quiet garden", "private");
    expect((await remix(bob, privatePost.id)).status).toBe(404); // bob doesn't follow: he can't see it
    const followerTry = await remix(carol, privatePost.id); // carol can see it, but it isn't public
    expect(followerTry.status).toBe(422);
    expect(String(followerTry.json.error)).toMatch(/Only public and unlisted posts can be remixed/);

    const direct = await postGenerated(alice, "a secret map", "direct", {
      status: `@${carol.account.username} look`,
    });
    expect((await remix(bob, direct.id)).status).toBe(404);
    expect((await remix(carol, direct.id)).status).toBe(422);

    const unlisted = await postGenerated(alice, "an unlisted moon", "unlisted");
    expect((await remix(bob, unlisted.id)).status).toBe(202);

    const words = await api(server.url, alice.token, "POST", "/api/v1/statuses", {
      status: "no picture here",
    });
    const noImage = await remix(bob, String(words.json.id));
    expect(noImage.status).toBe(422);
    expect(String(noImage.json.error)).toMatch(/no generated image/);
    expect((await remix(bob, "123456789")).status).toBe(404);
  });

  it("respects an author who turns remixing off", async (ctx) => {
    if (!server) return ctx.skip();
    const post = await postGenerated(alice, "a red fox in the snow");
    const off = await api(server.url, alice.token, "PATCH", "/api/v1/accounts/update_credentials", {
      allow_remix: false,
    });
    expect(off.json.allow_remix).toBe(false);
    const refused = await remix(bob, post.id);
    expect(refused.status).toBe(403);
    expect(String(refused.json.error)).toBe(
      `@${alice.account.username} has turned off remixing of their posts`,
    );
    const seen = await api(server.url, bob.token, "GET", `/api/v1/accounts/${alice.account.id}`);
    expect(seen.json.allow_remix).toBe(false);
    // The author may still remix their own work; turning it back on opens it again.
    expect((await remix(alice, post.id)).status).toBe(202);
    await api(server.url, alice.token, "PATCH", "/api/v1/accounts/update_credentials", { allow_remix: true });
    expect((await remix(bob, post.id)).status).toBe(202);
  });
});
