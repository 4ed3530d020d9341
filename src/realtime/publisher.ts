// Turns domain events into pub/sub messages on the channels streams listen to. Home timelines get
// what fan-out put in them; public and hashtag channels only public, original posts (the public
// timeline's rule: no reblogs, no replies to others). Unlisted, private and direct never reach a
// public channel. Only ids travel; each stream renders for its own viewer.
import { eq } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { statuses, statusTags, tags } from "../db/schema.ts";
import type { Logger } from "../log.ts";
import type { SocialEventMap, SocialEvents } from "../social/events.ts";
import { channels, encodeMessage, type RealtimeMessage } from "./channels.ts";
import type { PubSub } from "./pubsub.ts";

export interface PublisherDeps {
  db: Executor;
  events: SocialEvents;
  pubsub: PubSub;
  logger: Logger;
}

interface PublicFacts {
  /** Whether the status belongs on public streams at all. */
  onPublicStreams: boolean;
  tags: string[];
}

async function publicFacts(db: Executor, statusId: bigint): Promise<PublicFacts> {
  const [status] = await db
    .select({
      accountId: statuses.accountId,
      visibility: statuses.visibility,
      reblogOfId: statuses.reblogOfId,
      inReplyToAccountId: statuses.inReplyToAccountId,
    })
    .from(statuses)
    .where(eq(statuses.id, statusId));
  if (status?.visibility !== "public" || status.reblogOfId !== null) {
    return { onPublicStreams: false, tags: [] };
  }
  const rows = await db
    .select({ name: tags.name })
    .from(statusTags)
    .innerJoin(tags, eq(tags.id, statusTags.tagId))
    .where(eq(statusTags.statusId, statusId));
  const replyToOther = status.inReplyToAccountId !== null && status.inReplyToAccountId !== status.accountId;
  return { onPublicStreams: !replyToOther, tags: rows.map((r) => r.name) };
}

type StatusEvent = SocialEventMap["status.created"][0];
/** Carries the deleted status's visibility: its row is gone by the time we hear of it. */
type DeletedEvent = SocialEventMap["status.deleted"][0];

export class Publisher {
  readonly #deps: PublisherDeps;
  /** Per status, the last message on its way: a status's messages leave in the order they happened. */
  readonly #queues = new Map<string, Promise<void>>();
  readonly #detach: () => void;

  constructor(deps: PublisherDeps) {
    this.#deps = deps;
    const { events } = deps;
    const onCreated = (e: StatusEvent) =>
      this.#enqueue(`s${e.statusId}`, () => this.#statusChanged("update", e));
    const onUpdated = (e: StatusEvent) =>
      this.#enqueue(`s${e.statusId}`, () => this.#statusChanged("status.update", e));
    const onDeleted = (e: DeletedEvent) => this.#enqueue(`s${e.statusId}`, () => this.#statusDeleted(e));
    const onNotification = (e: SocialEventMap["notification.created"][0]) =>
      this.#enqueue(`n${e.notificationId}`, () =>
        this.#send([channels.notifications(e.accountId)], {
          event: "notification",
          id: String(e.notificationId),
        }),
      );
    events.on("status.created", onCreated);
    events.on("status.updated", onUpdated);
    events.on("status.deleted", onDeleted);
    events.on("notification.created", onNotification);
    this.#detach = () => {
      events.off("status.created", onCreated);
      events.off("status.updated", onUpdated);
      events.off("status.deleted", onDeleted);
      events.off("notification.created", onNotification);
    };
  }

  /** Stops listening and waits for messages already on their way (shutdown). */
  async stop(): Promise<void> {
    this.#detach();
    await Promise.allSettled([...this.#queues.values()]);
  }

  /** Publishing never fails the request that caused it: a lost stream message is logged, not thrown. */
  #enqueue(key: string, work: () => Promise<void>): void {
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((err: unknown) => this.#deps.logger.error({ err }, "realtime publish failed"));
    this.#queues.set(key, next);
    void next.finally(() => {
      if (this.#queues.get(key) === next) this.#queues.delete(key);
    });
  }

  async #statusChanged(event: "update" | "status.update", e: StatusEvent): Promise<void> {
    const facts =
      e.publicStreams === undefined
        ? await publicFacts(this.#deps.db, e.statusId)
        : { onPublicStreams: e.publicStreams !== null, tags: e.publicStreams?.tags ?? [] };
    const targets = e.homeRecipients.map((id) => channels.timeline(id));
    if (facts.onPublicStreams) {
      targets.push(channels.public, channels.publicLocal, ...facts.tags.map((t) => channels.hashtag(t)));
    }
    await this.#send(targets, { event, id: String(e.statusId) });
  }

  async #statusDeleted(e: DeletedEvent): Promise<void> {
    const targets = e.homeRecipients.map((id) => channels.timeline(id));
    // Hashtag streams also hear public deletes on the public channel: the tags are gone with the row.
    if (e.visibility === "public") targets.push(channels.public, channels.publicLocal);
    await this.#send(targets, { event: "delete", id: String(e.statusId) });
  }

  async #send(targets: string[], message: RealtimeMessage): Promise<void> {
    const encoded = encodeMessage(message);
    await Promise.all([...new Set(targets)].map((channel) => this.#deps.pubsub.publish(channel, encoded)));
  }
}
