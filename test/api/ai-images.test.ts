// Image generation through the API on the built-in engine: the job runs to completion with media,
// the media carry provenance (meta.generation and XMP in the stored file), a post with them is
// marked ai_generated, progress arrives on the user stream, and bad or refused requests lose nothing.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GPS_LATITUDE, pngWithGps, readGpsLatitude } from "../../src/media/test-fixtures.ts";
import { api, fetchMedia, type GenerationJson, settled, startGeneration } from "../support/ai-images.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { openRawStream } from "../support/streams.ts";

interface PostedStatus {
  id: string;
  ai_generated: boolean;
  remix_of: unknown;
  media_attachments: GenerationJson["media_attachments"];
}

let server: TestServer;
let alice: UserSession;
let bob: UserSession;

beforeAll(async () => {
  server = (await startTestServer({ env: { AI_IMAGES_PER_DAY: "0", AI_IMAGE_JOBS_CONCURRENT: "0" } }))!;
  if (!server) return;
  [alice, bob] = await Promise.all([registerUser(server.url), registerUser(server.url)]);
});

afterAll(async () => {
  await server?.stop();
});

const count = async (table: string) => {
  const rows = await server.running.database.db.execute(`SELECT count(*)::int AS n FROM ${table}`);
  return Number((rows as unknown as { rows: { n: number }[] }).rows[0]!.n);
};

describe("POST /api/v1/ai/images", () => {
  it("queues a job that succeeds with media carrying provenance; posting them marks the status", async (ctx) => {
    if (!server) return ctx.skip();
    const queued = await startGeneration(server.url, alice.token, {
      prompt: "a cat watching the sea at sunset",
      n: 2,
      size: "320x240",
      seed: 1234,
    });
    expect(queued).toMatchObject({ state: "queued", progress: 0, media_attachments: [], seed: 1234 });

    const done = await settled(server.url, alice.token, queued.id);
    expect(done.state).toBe("succeeded");
    expect(done.progress).toBe(1);
    expect(done.model).toBe("builtin:sketch");
    expect(done.media_attachments).toHaveLength(2);
    for (const media of done.media_attachments) {
      expect(media.meta.generation).toEqual({
        prompt: "a cat watching the sea at sunset",
        model: "builtin:sketch",
        provider: "builtin",
        seed: 1234,
      });
      expect(media.meta.original).toMatchObject({ width: 320, height: 240 });
      // The stored original carries IPTC provenance in its XMP, and no EXIF.
      const meta = await sharp(await fetchMedia(server.url, media.url)).metadata();
      const xmp = meta.xmp?.toString() ?? "";
      expect(xmp).toContain("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
      expect(xmp).toContain("builtin:sketch");
      expect(meta.exif).toBeUndefined();
    }

    // Raw JSON, as a client receives it (masto would camel-case the keys).
    const posted = await api(server.url, alice.token, "POST", "/api/v1/statuses", {
      status: "made this",
      media_ids: done.media_attachments.map((m) => m.id),
    });
    const status = posted.json as unknown as PostedStatus;
    expect(status.ai_generated).toBe(true);
    expect(status.remix_of).toBeNull();
    expect(status.media_attachments.map((m) => m.meta.generation?.prompt)).toEqual([
      "a cat watching the sea at sunset",
      "a cat watching the sea at sunset",
    ]);
    // Others see the label too.
    const seen = await api(server.url, bob.token, "GET", `/api/v1/statuses/${status.id}`);
    expect(seen.json.ai_generated).toBe(true);
  });

  it("leaves ordinary posts and uploads unmarked, and still strips EXIF from uploads", async (ctx) => {
    if (!server) return ctx.skip();
    const plain = await api(server.url, alice.token, "POST", "/api/v1/statuses", { status: "just words" });
    expect(plain.json.ai_generated).toBe(false);

    const upload = await pngWithGps();
    expect(readGpsLatitude((await sharp(upload).metadata()).exif)).toBe(GPS_LATITUDE);
    const media = await alice.client.v2.media.create({
      file: new Blob([new Uint8Array(upload)], { type: "image/png" }),
    });
    const stored = await sharp(await fetchMedia(server.url, media.url!)).metadata();
    expect(stored.exif).toBeUndefined();
    expect(stored.xmp).toBeUndefined();
    expect((media.meta as Record<string, unknown>).generation).toBeUndefined();
    const photo = await api(server.url, alice.token, "POST", "/api/v1/statuses", {
      status: "a photo",
      media_ids: [media.id],
    });
    expect(photo.json.ai_generated).toBe(false);
  });

  it("pushes progress and completion on the owner's user stream only", async (ctx) => {
    if (!server) return ctx.skip();
    const mine = await openRawStream(server.url, { query: { access_token: alice.token, stream: "user" } });
    const theirs = await openRawStream(server.url, { query: { access_token: bob.token, stream: "user" } });
    // Notification-only streams (the same channel) are not told of generations.
    const notificationsOnly = await openRawStream(server.url, {
      query: { access_token: alice.token, stream: "user:notification" },
    });
    try {
      const queued = await startGeneration(server.url, alice.token, {
        prompt: "a forest of pines",
        size: "256x256",
      });
      const done = await mine.frames.waitFor(
        (f) =>
          f.event === "ai.image" &&
          (f.payload as GenerationJson).id === queued.id &&
          (f.payload as GenerationJson).state === "succeeded",
        30_000,
      );
      expect(done.stream).toEqual(["user"]);
      expect((done.payload as GenerationJson).media_attachments).toHaveLength(1);
      const states = mine.frames.items
        .filter((f) => f.event === "ai.image")
        .map((f) => (f.payload as GenerationJson).state);
      expect(states).toContain("running");
      expect(theirs.frames.items.filter((f) => f.event === "ai.image")).toEqual([]);
      expect(notificationsOnly.frames.items.filter((f) => f.event === "ai.image")).toEqual([]);
    } finally {
      await Promise.all([mine.close(), theirs.close(), notificationsOnly.close()]);
    }
  });

  it("shows a generation only to its owner", async (ctx) => {
    if (!server) return ctx.skip();
    const job = await startGeneration(server.url, alice.token, { prompt: "a red balloon", size: "128x128" });
    expect((await api(server.url, bob.token, "GET", `/api/v1/ai/images/${job.id}`)).status).toBe(404);
    expect((await api(server.url, null, "GET", `/api/v1/ai/images/${job.id}`)).status).toBe(401);
    expect((await api(server.url, alice.token, "GET", "/api/v1/ai/images/999999")).status).toBe(404);
    // The list is one's own, newest first.
    const mine = (await api(server.url, alice.token, "GET", "/api/v1/ai/images?limit=2"))
      .json as unknown as GenerationJson[];
    expect(mine.map((g) => g.id)[0]).toBe(job.id);
    expect(mine).toHaveLength(2);
    const theirs = (await api(server.url, bob.token, "GET", "/api/v1/ai/images"))
      .json as unknown as GenerationJson[];
    expect(theirs.map((g) => g.id)).not.toContain(job.id);
    await settled(server.url, alice.token, job.id);
  });

  it("refuses a prompt moderation flags with 422 and a reason, storing nothing", async (ctx) => {
    if (!server) return ctx.skip();
    const before = [
      await count("ai_image_generations"),
      await count("jobs"),
      await count("media_attachments"),
    ];
    const res = await api(server.url, alice.token, "POST", "/api/v1/ai/images", {
      prompt: "a snuff film poster",
    });
    expect(res.status).toBe(422);
    expect(String(res.json.error)).toMatch(/refused/i);
    expect([
      await count("ai_image_generations"),
      await count("jobs"),
      await count("media_attachments"),
    ]).toEqual(before);
  });

  it("answers bad input with 422 naming the parameter", async (ctx) => {
    if (!server) return ctx.skip();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /prompt/],
      [{ prompt: "   " }, /prompt/],
      [{ prompt: "x", n: 5 }, /n must be at most 4/],
      [{ prompt: "x", size: "big" }, /size/],
      [{ prompt: "x", size: "9000x10" }, /size/],
      [{ prompt: "x", seed: -1 }, /seed/],
      [{ prompt: "x", model: "openai:gpt-image-1" }, /not a configured image model/],
      [{ prompt: "x", remix_of_id: "abc" }, /remix_of_id/],
      // Text Postgres cannot store: a clear 422, not a database error.
      [{ prompt: "x", style: "a\u0000b" }, /style must not contain NUL/],
      [{ prompt: "half a pair \ud800" }, /prompt must be valid Unicode/],
    ];
    for (const [body, message] of cases) {
      const res = await api(server.url, alice.token, "POST", "/api/v1/ai/images", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(String(res.json.error), JSON.stringify(body)).toMatch(message);
    }
  });

  it("records usage per model", async (ctx) => {
    if (!server) return ctx.skip();
    const res = await api(server.url, bob.token, "GET", "/api/v1/ai/usage");
    expect(res.json.usage).toEqual([]);
    const job = await startGeneration(server.url, bob.token, { prompt: "a moon", size: "128x128", n: 3 });
    await settled(server.url, bob.token, job.id);
    const after = await api(server.url, bob.token, "GET", "/api/v1/ai/usage");
    expect(after.json).toMatchObject({ images_today: 3, images_per_day: null });
    expect(after.json.usage).toEqual([
      expect.objectContaining({
        capability: "image",
        model: "builtin:sketch",
        requests: 1,
        images: 3,
        estimated_cost_usd: 0,
      }),
    ]);
  });
});

describe("a generation whose every model fails", () => {
  let failing: TestServer | null = null;
  afterAll(async () => {
    await failing?.stop();
  });

  it("ends failed with a reason, gives the quota back and stores nothing", async (ctx) => {
    failing = await startTestServer({
      env: {
        // Nothing listens on port 9: every try is refused at once.
        AI_IMAGE_MODEL: "openai-compatible:picture-model",
        OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:9/v1",
        AI_RETRIES: "0",
        AI_IMAGES_PER_DAY: "1",
        LOG_LEVEL: "fatal", // the failures are the point here
      },
    });
    if (!failing) return ctx.skip();
    const user = await registerUser(failing.url);
    const job = await startGeneration(failing.url, user.token, {
      prompt: "a harbour at dawn",
      size: "256x256",
    });
    const done = await settled(failing.url, user.token, job.id, 60_000);
    expect(done.state).toBe("failed");
    expect(done.error).toMatch(/openai-compatible:picture-model/);
    expect(done.error).not.toMatch(/Error:|\n\s+at /);
    expect(done.media_attachments).toEqual([]);
    // The failed image does not count against today's quota of one.
    const usage = await api(failing.url, user.token, "GET", "/api/v1/ai/usage");
    expect(usage.json).toMatchObject({ images_today: 0, generations_in_progress: 0, usage: [] });
    expect(
      (await api(failing.url, user.token, "POST", "/api/v1/ai/images", { prompt: "again" })).status,
    ).toBe(202);
  });
});
