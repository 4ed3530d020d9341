// Image generation jobs survive a crash: a real server process is killed with SIGKILL in the middle
// of a generation, a new one starts on the same data, and the generation completes exactly once —
// one set of media rows, no files without rows. Also: files an attempt stored before dying are
// removed by the next attempt.
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { requestImageGeneration } from "../../src/ai/images/generations.ts";
import { createAiService } from "../../src/ai/registry.ts";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/client.ts";
import { aiImageGenerations, jobs, mediaAttachments } from "../../src/db/schema.ts";
import { createLogger } from "../../src/log.ts";
import { api, settled, startGeneration } from "../support/ai-images.ts";
import { registerUser } from "../support/clients.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { type ChildServer, freePort, spawnCli, startTestServer, tempDataDir } from "../support/server.ts";

const children: ChildServer[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGKILL");
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const onPostgres = process.env.ATELIER_TEST_DRIVER === "postgres";

function mediaDirs(dataDir: string): string[] {
  const root = path.join(dataDir, "media", "media_attachments");
  return fs.existsSync(root) ? fs.readdirSync(root).sort() : [];
}

describe("image generation durability", () => {
  // Two real server processes boot one after the other: on a busy machine that takes a while.
  it("completes exactly once after the server is killed mid-generation", {
    timeout: 240_000,
  }, async (ctx) => {
    let database: TestDatabase | null = null;
    if (onPostgres) {
      database = await createTestDatabase();
      if (!database) return ctx.skip();
      cleanups.push(() => database!.drop());
    }
    const dataDir = tempDataDir();
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = async () => ({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      AI_BUILTIN_IMAGE_DELAY_MS: "5000",
      // On a shared PostgreSQL the dead worker's lease must run out before anyone retries it (the
      // embedded database's lock proves the old process gone, so its jobs are requeued at start).
      ...(database ? { DATABASE_URL: database.url, JOBS_VISIBILITY_TIMEOUT_MS: "5000" } : {}),
    });
    const first = spawnCli(["start"], await env());
    children.push(first);
    const firstUrl = await first.ready;
    const user = await registerUser(firstUrl);
    const job = await startGeneration(firstUrl, user.token, {
      prompt: "a ship in a storm",
      n: 2,
      size: "256x192",
    });

    // Wait until it is visibly under way, then kill the process without warning.
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error("the generation never showed progress");
      const now = (await api(firstUrl, user.token, "GET", `/api/v1/ai/images/${job.id}`)).json;
      if (now.state === "running" && Number(now.progress) > 0) break;
      expect(now.state).not.toBe("succeeded");
      await new Promise((r) => setTimeout(r, 50));
    }
    first.process.kill("SIGKILL");
    await first.exited;

    const second = spawnCli(["start"], await env());
    children.push(second);
    const secondUrl = await second.ready;
    const done = await settled(secondUrl, user.token, job.id, 120_000);
    expect(done.state).toBe("succeeded");
    expect(done.media_attachments).toHaveLength(2);
    for (const media of done.media_attachments) {
      expect((await api(secondUrl, user.token, "GET", `/api/v1/media/${media.id}`)).status).toBe(200);
    }
    second.process.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    // The database and the media folder agree: exactly the two media, nothing left over.
    const logger = createLogger("silent");
    const handle = await openDatabase({ databaseUrl: database?.url, dataDir, logger });
    try {
      const rows = await handle.db.select({ id: mediaAttachments.id }).from(mediaAttachments);
      expect(rows.map((r) => String(r.id)).sort()).toEqual(done.media_attachments.map((m) => m.id).sort());
      const [generation] = await handle.db.select().from(aiImageGenerations);
      expect(generation).toMatchObject({ state: "succeeded", pendingMediaIds: [] });
      const [queued] = await handle.db.select().from(jobs).where(eq(jobs.id, generation!.jobId));
      // The killed attempt counted (a loaded machine may add a lease expiry, never a second success).
      expect(queued!.state).toBe("succeeded");
      expect(queued!.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await handle.close();
    }
    expect(mediaDirs(dataDir)).toEqual(done.media_attachments.map((m) => m.id).sort());
  });

  it("removes the files an interrupted attempt stored before its rows committed", async (ctx) => {
    // JOBS_POLL_MS is long: the job runs only when woken, after the leftovers are planted.
    const server = await startTestServer({ env: { JOBS_POLL_MS: "60000" } });
    if (!server) return ctx.skip();
    cleanups.push(() => server.stop());
    const user = await registerUser(server.url);
    const { db } = server.running.database;
    const view = await requestImageGeneration(
      // The built-in engine, as a server without AI_* settings has it.
      { db, ai: createAiService(loadConfig({})), quotas: { imagesPerDay: 0, concurrentJobs: 0 } },
      { accountId: BigInt(user.account.id), prompt: "a paper boat", n: 1, size: { width: 128, height: 128 } },
    );
    // What a killed attempt leaves: ids recorded as pending, their files stored, no rows.
    const orphan = "123456789012345";
    const storage = path.join(server.dataDir, "media", "media_attachments", orphan);
    fs.mkdirSync(storage, { recursive: true });
    fs.writeFileSync(path.join(storage, "original.webp"), "left behind");
    fs.writeFileSync(path.join(storage, "small.webp"), "left behind");
    await db
      .update(aiImageGenerations)
      .set({ pendingMediaIds: sql`${JSON.stringify([orphan])}::jsonb` })
      .where(eq(aiImageGenerations.id, view.generation.id));

    server.running.worker!.wake();
    const done = await settled(server.url, user.token, String(view.generation.id));
    expect(done.state).toBe("succeeded");
    expect(mediaDirs(server.dataDir)).toEqual([done.media_attachments[0]!.id]);
  });
});
