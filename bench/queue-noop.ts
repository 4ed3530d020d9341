// The durable queue on its own: N jobs whose handler does nothing but complete, through a real
// JobWorker on the benchmark's database (after Atelier stopped, so PGlite's files are free). Its
// time per job is the floor every job pays (enqueue, claim, lease, completing transaction), the
// reference the ai-images scenario reports its pipeline overhead against.
import { eq } from "drizzle-orm";
import { pino } from "pino";
import { openDatabase } from "../src/db/client.ts";
import { jobs } from "../src/db/schema.ts";
import { enqueue } from "../src/jobs/queue.ts";
import { JobWorker } from "../src/jobs/worker.ts";
import type { BenchEnv } from "./scenario.ts";

const TYPE = "bench.noop";

export interface NoopQueueResult {
  jobs: number;
  enqueueMs: number;
  drainMs: number;
}

export async function measureNoopQueue(
  env: BenchEnv,
  count: number,
  concurrency: number,
): Promise<NoopQueueResult> {
  const logger = pino({ level: "silent" });
  const handle = await openDatabase({
    databaseUrl: env.databaseUrl,
    dataDir: env.dataDir,
    logger,
    poolSize: concurrency + 2,
  });
  try {
    const enqueueStart = performance.now();
    await handle.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await enqueue(tx, { type: TYPE, payload: { i } });
    });
    const enqueueMs = performance.now() - enqueueStart;
    let done = 0;
    let finished!: () => void;
    const allDone = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const worker = new JobWorker({ db: handle.db, logger, concurrency, pollMs: 1000 });
    worker.register(TYPE, async (_payload, ctx) => {
      await ctx.complete();
      if (++done === count) finished();
    });
    const drainStart = performance.now();
    worker.start();
    await allDone;
    const drainMs = performance.now() - drainStart;
    await worker.drain(1000);
    await handle.db.delete(jobs).where(eq(jobs.type, TYPE));
    return { jobs: count, enqueueMs, drainMs };
  } finally {
    await handle.close();
  }
}
