// POST /api/v1/ai/media/:id/describe on the built-in engine: an upload gets an honest draft (size,
// orientation, colours) stored as its alt text; a generated image is described from its prompt;
// someone else's media is a 404 and a token without write a 403.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createMediaAttachment } from "../../src/media/service.ts";
import { createMediaStorage } from "../../src/media/storage.ts";
import { api } from "../support/ai-images.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { tokenWithScopes } from "../support/oauth.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

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

const describeMedia = (token: string | null, id: string) =>
  api(server.url, token, "POST", `/api/v1/ai/media/${id}/describe`);

async function upload(session: UserSession, colour: string, width: number, height: number) {
  const png = await sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
  return session.client.v2.media.create({ file: new Blob([new Uint8Array(png)], { type: "image/png" }) });
}

describe("POST /api/v1/ai/media/:id/describe", () => {
  it("drafts alt text from what can be measured and stores it as the description", async (ctx) => {
    if (!server) return ctx.skip();
    const media = await upload(alice, "#2850d2", 300, 500);
    const { status, json } = await describeMedia(alice.token, media.id);
    expect(status).toBe(200);
    const expected =
      "Draft: a portrait image (300 × 500 pixels), mostly blue. Please describe what it shows.";
    expect(json).toMatchObject({ description: expected, model: "builtin:describe", draft: true });
    expect((json.media_attachment as { description: string }).description).toBe(expected);
    const stored = await alice.client.v1.media.$select(media.id).fetch();
    expect(stored.description).toBe(expected);
  });

  it("describes a generated image from the prompt it was made from", async (ctx) => {
    if (!server) return ctx.skip();
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "orange" } })
      .png()
      .toBuffer();
    const media = await createMediaAttachment(
      {
        db: server.running.database.db,
        storage: storageOf(server),
        limits: { maxBytes: 1 << 24, maxPixels: 1 << 26 },
      },
      {
        accountId: BigInt(alice.account.id),
        data: png,
        extraMeta: {
          generation: {
            prompt: "a fox asleep under a lantern",
            model: "builtin:sketch",
            provider: "builtin",
            seed: 3,
          },
        },
      },
    );
    const { json } = await describeMedia(alice.token, String(media.id));
    expect(json).toMatchObject({
      description: "AI-generated image of a fox asleep under a lantern.",
      draft: false,
    });
  });

  it("answers 404 for someone else's media or an unknown id, and 403 without write", async (ctx) => {
    if (!server) return ctx.skip();
    const media = await upload(alice, "red", 20, 20);
    expect((await describeMedia(bob.token, media.id)).status).toBe(404);
    expect((await describeMedia(alice.token, "99999999")).status).toBe(404);
    expect((await describeMedia(alice.token, "not-an-id")).status).toBe(404);
    expect((await describeMedia(null, media.id)).status).toBe(401);
    const readOnly = await tokenWithScopes(server.url, alice, "read");
    expect((await describeMedia(readOnly, media.id)).status).toBe(403);
    expect((await alice.client.v1.media.$select(media.id).fetch()).description).toBeNull();
  });
});

/** The test server's media storage (disk under its DATA_DIR), to store a file the way a job would. */
function storageOf(s: TestServer) {
  return createMediaStorage(loadConfig({ DATA_DIR: s.dataDir }));
}
