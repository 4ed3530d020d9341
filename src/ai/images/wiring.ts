// How image creation plugs into a running process (called by src/server.ts): the job handler on
// the worker, remix notifications where statuses are created, and the built-in renderer's test delay.
import type { Config } from "../../config.ts";
import type { Database } from "../../db/client.ts";
import type { JobWorker } from "../../jobs/worker.ts";
import type { Logger } from "../../log.ts";
import type { MediaStorage } from "../../media/storage.ts";
import type { SocialEvents } from "../../social/events.ts";
import { setBuiltinImageDelay } from "../builtin/image-renderer.ts";
import type { AiService } from "../types.ts";
import { IMAGE_JOB_TYPE } from "./generations.ts";
import { imageJobHandler } from "./job.ts";
import { notifyRemixes } from "./remix.ts";

export interface ImageCreationParts {
  config: Config;
  db: Database;
  ai: AiService;
  storage: MediaStorage;
  events: SocialEvents;
  logger: Logger;
  /** Null in a web-only process. */
  worker: JobWorker | null;
  /** This process serves the API (statuses are created here). */
  serves: boolean;
}

/** Registers what image creation needs; returns a function that stops its listeners. */
export function startImageCreation(parts: ImageCreationParts): () => void {
  const { config, db, ai, storage, events, logger, worker } = parts;
  setBuiltinImageDelay(config.aiCreation.builtinImageDelayMs);
  worker?.register(
    IMAGE_JOB_TYPE,
    imageJobHandler({
      db,
      ai,
      storage,
      limits: config.media,
      logger: logger.child({ component: "ai-images" }),
    }),
  );
  return parts.serves ? notifyRemixes(db, events, logger) : () => {};
}
