// One connection's outgoing frames, kept in message order although each is rendered concurrently.
// A consumer that falls too far behind is cut off rather than allowed to hold memory without bound.
import type { StreamFrame, StreamSink } from "./hub.ts";

export interface OrderedSinkOptions {
  viewerId: bigint;
  /** Sends one frame; may return a promise to make the next frame wait (a stream's own backpressure). */
  write(frame: StreamFrame): void | Promise<void>;
  /** Called once when more than `maxPending` frames are waiting: the connection should be dropped. */
  overflow(): void;
  maxPending?: number;
}

export class OrderedSink implements StreamSink {
  readonly viewerId: bigint;
  readonly #options: OrderedSinkOptions;
  readonly #maxPending: number;
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  #closed = false;

  constructor(options: OrderedSinkOptions) {
    this.viewerId = options.viewerId;
    this.#options = options;
    this.#maxPending = options.maxPending ?? 1000;
  }

  push(frame: Promise<StreamFrame | null>): void {
    if (this.#closed) return;
    if (++this.#pending > this.#maxPending) {
      this.close();
      this.#options.overflow();
      return;
    }
    this.#tail = this.#tail.then(async () => {
      try {
        const ready = await frame;
        if (ready !== null && !this.#closed) await this.#options.write(ready);
      } catch {
        // A frame that failed to render or send is dropped; the ones after it still go out.
      } finally {
        this.#pending--;
      }
    });
  }

  /** Frames still waiting; nothing is written after close. */
  close(): void {
    this.#closed = true;
  }

  /** Settles once every frame pushed so far was written or dropped. */
  drained(): Promise<void> {
    return this.#tail;
  }
}
