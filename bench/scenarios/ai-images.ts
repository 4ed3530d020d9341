// Image generation jobs through the whole pipeline with a zero-latency model: POST /api/v1/ai/images
// (moderation, quota check, transactional enqueue) → the durable queue → `builtin:blank` (one flat
// colour, ~0 ms: it measures everything around generation, not generation) → media processing and
// storage with provenance → completion pushed on the user stream, where this scenario waits for it.
//
// Reports jobs/s end to end and overhead per job, two ways. Pipeline overhead, on the drain phase
// (after the last POST answered, so nothing competes with the workers): wall time per job ×
// JOBS_CONCURRENCY minus what each job's handler spent generating and storing its image (the job
// result's `timings`, read from the database after the run) — what remains is claiming, leases,
// progress and completion writes, the generation row, usage and the stream events. And the queue
// alone: the same number of no-op jobs through a JobWorker on the same database (bench/queue-noop.ts).
import { sql } from "drizzle-orm";
import WebSocket from "ws";
import { queryBenchDatabase } from "../db-check.ts";
import { seriesFrom } from "../latency-report.ts";
import { BenchError } from "../procs.ts";
import { measureNoopQueue } from "../queue-noop.ts";
import type { Check, Scenario } from "../scenario.ts";
import { inParallel, type Poster, registerPoster } from "../social.ts";

const JOBS = 1_000;
const CONCURRENCY = 1;

interface MeasuredData {
  jobs: number;
  /** Wall time of the drain phase and the jobs that completed in it. */
  drainMs: number;
  drainJobs: number;
  concurrency: number;
}

const scenario: Scenario = {
  name: "ai-images",
  description: `${JOBS.toLocaleString("en-US")} image generation jobs (builtin:blank, a zero-latency model) through API, queue, media and stream`,
  requests: [],
  env: {
    AI_IMAGE_MODEL: "builtin:blank",
    AI_IMAGES_PER_DAY: "0",
    AI_IMAGE_JOBS_CONCURRENT: "0",
    JOBS_CONCURRENCY: String(CONCURRENCY),
  },
  defaults: { connections: 10, posts: JOBS },

  async setup(url) {
    return { data: await registerPoster(url) };
  },

  async measure(ctx) {
    const poster = ctx.setup!.data as Poster;
    const jobs = ctx.options.posts;
    const concurrency = Number(ctx.options.env.JOBS_CONCURRENCY ?? CONCURRENCY);
    const completedAt = new Map<string, number>();
    let failed = 0;
    const stream = await openUserStream(ctx.url, poster.token, (job) => {
      if (job.state === "succeeded" && !completedAt.has(job.id)) completedAt.set(job.id, performance.now());
      if (job.state === "failed") failed++;
    });

    const startedAt = new Map<string, number>();
    const postLatencies: number[] = [];
    let postErrors = 0;
    const begin = performance.now();
    await inParallel(
      Array.from({ length: jobs }, (_, i) => i),
      ctx.options.connections,
      async (i) => {
        const t0 = performance.now();
        const res = await fetch(`${ctx.url}/api/v1/ai/images`, {
          method: "POST",
          headers: { authorization: `Bearer ${poster.token}`, "content-type": "application/json" },
          body: JSON.stringify({ prompt: `a blue square, number ${i}`, size: "64x64" }),
        });
        const body = (await res.json()) as { id?: string };
        if (res.status !== 202 || !body.id) {
          postErrors++;
          return;
        }
        postLatencies.push(performance.now() - t0);
        startedAt.set(body.id, t0);
        ctx.progress("queued", postLatencies.length + postErrors, jobs, "jobs");
      },
    );
    const postsDone = performance.now();
    ctx.status(
      `  ${startedAt.size} jobs queued in ${((postsDone - begin) / 1000).toFixed(1)} s; waiting for completions…`,
    );

    const deadline = Date.now() + 10 * 60_000;
    while ([...startedAt.keys()].some((id) => !completedAt.has(id)) && failed === 0) {
      if (Date.now() > deadline) throw new BenchError("jobs did not all complete within 10 minutes");
      ctx.progress("completed", completedAt.size, startedAt.size, "jobs");
      await new Promise((r) => setTimeout(r, 50));
    }
    stream.close();
    const ends = [...startedAt.keys()].map((id) => completedAt.get(id)!);
    const last = Math.max(...ends);
    const wallSec = (last - begin) / 1000;
    const drain = ends.filter((t) => t > postsDone);
    const endToEnd = [...startedAt].map(([id, t0]) => completedAt.get(id)! - t0);
    ctx.status(
      `  ${jobs} jobs in ${wallSec.toFixed(2)} s: ${(jobs / wallSec).toFixed(1)} jobs/s end to end (JOBS_CONCURRENCY=${concurrency})`,
    );
    const checks: Check[] = [
      { label: "every POST was accepted (202)", ok: postErrors === 0, detail: `${postErrors} refused` },
      {
        label: "every job succeeded and its completion arrived on the stream",
        ok: failed === 0,
        detail: `${completedAt.size}/${jobs}, ${failed} failed`,
      },
    ];
    const data: MeasuredData = { jobs, drainMs: last - postsDone, drainJobs: drain.length, concurrency };
    return {
      series: [
        seriesFrom("POST /api/v1/ai/images (enqueue)", postLatencies, {
          errors: postErrors,
          note: `${(jobs / ((postsDone - begin) / 1000)).toFixed(0)} jobs queued/s`,
        }),
        seriesFrom("POST → succeeded on the stream", endToEnd, {
          errors: failed,
          note: `${(jobs / wallSec).toFixed(1)} jobs/s end to end`,
        }),
      ],
      checks,
      data,
    };
  },

  async verify(env, measured) {
    const data = measured.data as MeasuredData;
    const [row] = await queryBenchDatabase<{
      jobs: number;
      succeeded: number;
      retried: number;
      media: number;
      generate_ms: number;
      media_ms: number;
    }>(
      env,
      sql`SELECT count(*)::int AS jobs,
                 count(*) FILTER (WHERE state = 'succeeded')::int AS succeeded,
                 count(*) FILTER (WHERE attempts > 1)::int AS retried,
                 (SELECT count(*)::int FROM media_attachments WHERE meta ? 'generation') AS media,
                 coalesce(avg((result->'timings'->>'generate_ms')::float8), 0)::float8 AS generate_ms,
                 coalesce(avg((result->'timings'->>'media_ms')::float8), 0)::float8 AS media_ms
          FROM jobs WHERE type = 'ai.image'`,
    );
    const r = row!;
    const slotMsPerJob = data.drainJobs ? (data.drainMs * data.concurrency) / data.drainJobs : Number.NaN;
    const handlerMs = r.generate_ms + r.media_ms;
    const overhead = slotMsPerJob - handlerMs;
    const line =
      `${overhead.toFixed(2)} ms/job around the handler's work: drain phase ${data.drainJobs} jobs in ${(data.drainMs / 1000).toFixed(2)} s ` +
      `= ${slotMsPerJob.toFixed(2)} ms per job per worker slot, of which the handler spent ${r.generate_ms.toFixed(2)} ms generating ` +
      `and ${r.media_ms.toFixed(2)} ms on media (sharp, files, row)`;
    console.error(`  pipeline overhead ≈ ${line}`);
    // The queue alone, for reference: the same number of jobs that do nothing but complete.
    const noop = await measureNoopQueue(env, data.jobs, data.concurrency);
    const noopLine =
      `${((noop.drainMs * data.concurrency) / noop.jobs).toFixed(2)} ms/job per worker slot ` +
      `(${(noop.jobs / (noop.drainMs / 1000)).toFixed(0)} jobs/s; enqueue ${(noop.enqueueMs / noop.jobs).toFixed(2)} ms/job in one transaction)`;
    console.error(`  queue alone (no-op jobs) ≈ ${noopLine}`);
    return [
      {
        label: "each job completed exactly once with one media row",
        ok: r.jobs === data.jobs && r.succeeded === data.jobs && r.media === data.jobs,
        detail: `${r.succeeded}/${r.jobs} jobs succeeded, ${r.media} generated media rows, ${r.retried} retried`,
      },
      { label: "pipeline overhead per job (drain phase)", ok: Number.isFinite(overhead), detail: line },
      { label: "queue alone, no-op jobs", ok: Number.isFinite(noop.drainMs), detail: noopLine },
    ];
  },
};

interface JobEvent {
  id: string;
  state: string;
}

/** The user stream's `ai.image` events, parsed. */
function openUserStream(url: string, token: string, onJob: (job: JobEvent) => void): Promise<WebSocket> {
  const ws = new WebSocket(
    `${url.replace(/^http/, "ws")}/api/v1/streaming?stream=user&access_token=${token}`,
  );
  ws.on("message", (raw) => {
    const frame = JSON.parse(raw.toString()) as { event?: string; payload?: string };
    if (frame.event === "ai.image" && typeof frame.payload === "string")
      onJob(JSON.parse(frame.payload) as JobEvent);
  });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

export default scenario;
