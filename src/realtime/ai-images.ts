// Pushes image generation progress to its owner's user stream: the job worker reports each state
// change and progress write of an `ai.image` job; this finds whose generation it is and publishes
// its id on their notifications channel, which only their user stream listens to for `ai.image`
// (each stream renders the ImageGeneration for its own viewer, owner only).
import { findGenerationByJob, IMAGE_JOB_TYPE } from "../ai/images/generations.ts";
import type { Executor } from "../db/client.ts";
import type { JobEvent } from "../jobs/worker.ts";
import type { Logger } from "../log.ts";
import { channels, encodeMessage } from "./channels.ts";
import type { PubSub } from "./pubsub.ts";

/** A JobWorker `onEvent` listener; events of one job go out in the order they happened. */
export function publishImageGenerationEvents(
  db: Executor,
  pubsub: PubSub,
  logger: Logger,
): (event: JobEvent) => void {
  const queues = new Map<bigint, Promise<void>>();
  const owners = new Map<bigint, { accountId: bigint; id: bigint } | null>();
  return (event) => {
    if (event.type !== IMAGE_JOB_TYPE) return;
    const previous = queues.get(event.jobId) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        let owner = owners.get(event.jobId);
        if (owner === undefined) {
          const generation = await findGenerationByJob(db, event.jobId);
          owner = generation ? { accountId: generation.accountId, id: generation.id } : null;
          owners.set(event.jobId, owner);
        }
        if (!owner) return;
        await pubsub.publish(
          channels.notifications(owner.accountId),
          encodeMessage({ event: "ai.image", id: String(owner.id) }),
        );
      })
      .catch((err: unknown) =>
        logger.error({ err, jobId: String(event.jobId) }, "could not publish a generation event"),
      );
    queues.set(event.jobId, next);
    void next.finally(() => {
      if (queues.get(event.jobId) !== next) return;
      queues.delete(event.jobId);
      // Finished jobs send nothing more: forget their owner.
      if (event.state === "succeeded" || event.state === "dead") owners.delete(event.jobId);
    });
  };
}
