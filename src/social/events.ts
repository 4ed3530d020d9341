// Domain events, emitted after the change that causes them has committed. The realtime layer turns
// them into stream messages; other consumers (search indexing, AI embeddings) subscribe the same way.
import { EventEmitter } from "node:events";
import type { Visibility } from "../db/social-schema.ts";

export interface SocialEventMap {
  /** A status became visible (created, or a reblog). Fan-out to home feeds has already happened. */
  "status.created": [
    {
      statusId: bigint;
      accountId: bigint;
      homeRecipients: bigint[];
      /**
       * Whether it belongs on the public streams and with which hashtags, when the emitter knows
       * (null: not on public streams); left out, the publisher looks it up.
       */
      publicStreams?: { tags: string[] } | null;
    },
  ];
  "status.updated": [{ statusId: bigint; accountId: bigint; homeRecipients: bigint[] }];
  /** `visibility` says what the gone row was, so public streams can be told (only) of public deletes. */
  "status.deleted": [
    { statusId: bigint; accountId: bigint; homeRecipients: bigint[]; visibility?: Visibility },
  ];
  "notification.created": [{ notificationId: bigint; accountId: bigint }];
}

export class SocialEvents extends EventEmitter<SocialEventMap> {
  constructor() {
    super({ captureRejections: true });
    this.setMaxListeners(100);
  }
}
