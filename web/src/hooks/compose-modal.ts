// Opening the composer as a dialog from anywhere: "n", the nav button, Reply, Edit.
import { useSyncExternalStore } from "react";
import type { MediaAttachment, Status } from "../api/types.ts";
import type { RemixSource } from "../components/composer/create-image.tsx";

export interface ComposeRequest {
  replyTo?: Status;
  edit?: Status;
  remix?: RemixSource;
  /** Images already on the server to start the post with (e.g. one the assistant made). */
  attach?: MediaAttachment[];
}

let current: ComposeRequest | null = null;
const listeners = new Set<() => void>();

export function openComposer(request: ComposeRequest = {}): void {
  current = request;
  for (const listener of listeners) listener();
}

export function closeComposer(): void {
  current = null;
  for (const listener of listeners) listener();
}

export function useComposeRequest(): ComposeRequest | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
