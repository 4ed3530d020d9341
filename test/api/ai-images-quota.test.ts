// Per-person image quotas under load: 50 parallel requests never get past the limit of generations
// running at once, nor past the images-per-day quota, and a refusal says when to try again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, settled, startGeneration } from "../support/ai-images.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let alice: UserSession;
let bob: UserSession;

beforeAll(async () => {
  server = (await startTestServer({
    env: {
      AI_IMAGES_PER_DAY: "5",
      AI_IMAGE_JOBS_CONCURRENT: "3",
      // Generations last long enough that the burst finds them still running.
      AI_BUILTIN_IMAGE_DELAY_MS: "10000",
    },
  }))!;
  if (!server) return;
  [alice, bob] = await Promise.all([registerUser(server.url), registerUser(server.url)]);
});

afterAll(async () => {
  await server?.stop();
});

async function burst(token: string, n = 50) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      api(server.url, token, "POST", "/api/v1/ai/images", {
        prompt: `a lighthouse, take ${i}`,
        size: "128x128",
      }),
    ),
  );
}

describe("image generation quotas", () => {
  // Two rounds of generations that each last 10 s, so the bursts find them still running.
  it("hold under 50 parallel requests: at most 3 at once, then 5 a day", {
    timeout: 180_000,
  }, async (ctx) => {
    if (!server) return ctx.skip();
    const first = await burst(alice.token);
    const accepted = first.filter((r) => r.status === 202);
    const refused = first.filter((r) => r.status === 429);
    expect(accepted).toHaveLength(3);
    expect(refused).toHaveLength(47);
    expect(String(refused[0]!.json.error)).toMatch(/3 image generations in progress.*limit is 3 at once/);
    expect(refused[0]!.headers.get("retry-after")).toMatch(/^\d+$/);

    // Another person has their own allowance.
    const other = await startGeneration(server.url, bob.token, { prompt: "a kite", size: "128x128" });

    for (const r of accepted)
      expect((await settled(server.url, alice.token, String(r.json.id))).state).toBe("succeeded");
    // 3 of 5 images used: the next burst gets 2 more (limited to 3 at once, so the day's quota decides).
    const second = await burst(alice.token);
    const more = second.filter((r) => r.status === 202);
    const overQuota = second.filter((r) => r.status === 429);
    expect(more).toHaveLength(2);
    expect(overQuota).toHaveLength(48);
    const message = String(overQuota[0]!.json.error);
    expect(message).toMatch(/5 of today's images|of today's 5 images/);
    const tomorrow = new Date(
      Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1),
    );
    expect(message).toContain(`resets at ${tomorrow.toISOString()}`);
    expect(overQuota[0]!.json.details).toEqual({ resets_at: tomorrow.toISOString() });
    expect(Number(overQuota[0]!.headers.get("retry-after"))).toBeGreaterThan(0);

    for (const r of more) await settled(server.url, alice.token, String(r.json.id));
    await settled(server.url, bob.token, other.id);
    const usage = await api(server.url, alice.token, "GET", "/api/v1/ai/usage");
    expect(usage.json).toMatchObject({
      images_today: 5,
      images_per_day: 5,
      generations_in_progress: 0,
      max_concurrent_generations: 3,
      resets_at: tomorrow.toISOString(),
    });
    expect(usage.json.usage).toEqual([
      expect.objectContaining({ model: "builtin:sketch", requests: 5, images: 5 }),
    ]);
    // Asking for more than what is left is refused as a whole, with what is left.
    const tooMany = await api(server.url, alice.token, "POST", "/api/v1/ai/images", { prompt: "x", n: 2 });
    expect(tooMany.status).toBe(429);
  });
});
