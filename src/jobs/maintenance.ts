// Housekeeping that keeps tables from growing without bound, run on a timer by every process that
// runs job workers. Each task is idempotent, so two workers running it at once do no harm.
import type { Database } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { trimHomeFeeds } from "../social/fanout.ts";
import { pruneSucceededJobs } from "./queue.ts";

export interface MaintenanceOptions {
  db: Database;
  logger: Logger;
  /** Time between runs (default 10 minutes); the first run is one interval after start. */
  intervalMs?: number;
  /** How long a succeeded job stays readable (its result, e.g. an image generation's; default 7 days). */
  keepSucceededJobsMs?: number;
}

export interface MaintenanceReport {
  prunedJobs: number;
  trimmedFeedEntries: number;
}

export async function runMaintenance(
  options: Pick<MaintenanceOptions, "db" | "keepSucceededJobsMs">,
): Promise<MaintenanceReport> {
  const keepMs = options.keepSucceededJobsMs ?? 7 * 24 * 3600_000;
  const prunedJobs = await pruneSucceededJobs(options.db, new Date(Date.now() - keepMs));
  const trimmedFeedEntries = await trimHomeFeeds(options.db);
  return { prunedJobs, trimmedFeedEntries };
}

/** Starts the timer; the returned function stops it and waits for a run in progress. */
export function startMaintenance(options: MaintenanceOptions): () => Promise<void> {
  let running: Promise<void> | null = null;
  const timer = setInterval(
    () => {
      if (running) return;
      running = runMaintenance(options)
        .then((report) => options.logger.info(report, "maintenance done"))
        .catch((err: unknown) => options.logger.error({ err }, "maintenance failed"))
        .finally(() => {
          running = null;
        });
    },
    options.intervalMs ?? 10 * 60_000,
  );
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
