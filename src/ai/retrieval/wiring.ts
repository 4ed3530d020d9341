// How the embedding index stays current in a running process (called by src/server.ts): statuses
// posted or edited here are batched into `ai.embed-statuses` jobs, and a worker that finds vectors
// missing or made by another embedding model (AI_EMBEDDING_MODEL changed) queues one
// `ai.reindex-embeddings` job that walks the whole table.
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { jobs, statuses } from "../../db/schema.ts";
import { enqueue } from "../../jobs/queue.ts";
import type { JobWorker } from "../../jobs/worker.ts";
import type { Logger } from "../../log.ts";
import type { SocialEvents } from "../../social/events.ts";
import type { AiService } from "../types.ts";
import {
  countStale,
  currentEmbeddingModel,
  currentEmbeddingShape,
  embedStatuses,
  reindexStatuses,
} from "./embedding-index.ts";

export const EMBED_JOB_TYPE = "ai.embed-statuses";
export const REINDEX_JOB_TYPE = "ai.reindex-embeddings";
/** Statuses posted within this window share one job. */
const BATCH_WINDOW_MS = 150;
const MAX_BATCH = 200;

export interface EmbeddingParts {
  db: Database;
  ai: AiService;
  events: SocialEvents;
  logger: Logger;
  /** Null in a web-only process. */
  worker: JobWorker | null;
  /** This process serves the API (statuses are created here). */
  serves: boolean;
  /** Queue a reindex at start when vectors are missing or stale (AI_REINDEX_ON_START; default on). */
  reindexOnStart?: boolean;
  wakeJobs?: () => void;
}

/** Registers the handlers and listeners; returns a function that flushes and stops them. */
export function startStatusEmbedding(parts: EmbeddingParts): () => Promise<void> {
  const { db, ai, events, worker } = parts;
  const logger = parts.logger.child({ component: "embeddings" });
  worker?.register<{ statusIds: string[] }>(EMBED_JOB_TYPE, async (payload, ctx) => {
    const written = await embedStatuses({ db, ai, signal: ctx.signal }, payload.statusIds.map(BigInt));
    return { written };
  });
  worker?.register(REINDEX_JOB_TYPE, async (_payload, ctx) => {
    const written = await reindexStatuses(
      { db, ai, signal: ctx.signal },
      {
        onProgress: (done, total) => void ctx.progress(total ? done / total : 1).catch(() => {}),
        // In the server, requests come first: as long a rest as each batch took (the CLI runs flat out).
        paced: true,
      },
    );
    logger.info({ written, model: currentEmbeddingModel(ai) }, "status embeddings are up to date");
    return { written };
  });
  if (worker && parts.reindexOnStart !== false)
    void queueReindexIfStale(db, ai, logger).then((queued) => queued && parts.wakeJobs?.());

  if (!parts.serves) return async () => {};
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const ids = [...pending].slice(0, MAX_BATCH);
    for (const id of ids) pending.delete(id);
    if (pending.size) timer = setTimeout(flush, 0);
    if (!ids.length) return;
    flushing = flushing
      .then(() => enqueue(db, { type: EMBED_JOB_TYPE, payload: { statusIds: ids }, maxAttempts: 5 }))
      .then(() => parts.wakeJobs?.())
      .catch((err: unknown) => logger.warn({ err }, "could not queue status embeddings"));
  };
  const onStatus = ({ statusId }: { statusId: bigint }) => {
    pending.add(String(statusId));
    timer ??= setTimeout(flush, BATCH_WINDOW_MS);
  };
  events.on("status.created", onStatus);
  events.on("status.updated", onStatus);
  return async () => {
    events.off("status.created", onStatus);
    events.off("status.updated", onStatus);
    clearTimeout(timer);
    while (pending.size) {
      flush();
      clearTimeout(timer); // flushed here and now: no timer may outlive the stop
    }
    await flushing;
  };
}

/** Queues one reindex job when vectors are missing or stale and none is queued or running. */
async function queueReindexIfStale(db: Database, ai: AiService, logger: Logger): Promise<boolean> {
  try {
    // An empty network has nothing to embed: no probe call to the embedding model.
    const [any] = await db.select({ id: statuses.id }).from(statuses).limit(1);
    if (!any) return false;
    const stale = await countStale(db, await currentEmbeddingShape(ai));
    if (!stale) return false;
    const [open] = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.type, REINDEX_JOB_TYPE), inArray(jobs.state, ["queued", "running"])))
      .limit(1);
    if (open) return false;
    await enqueue(db, { type: REINDEX_JOB_TYPE, maxAttempts: 5 });
    logger.info({ stale, model: currentEmbeddingModel(ai) }, "queued re-embedding of statuses");
    return true;
  } catch (err) {
    logger.warn({ err }, "could not check the embedding index");
    return false;
  }
}
