// Calls about posts, and a small bus so every list on screen shows the same version of a post
// after an edit, a favourite or a delete made anywhere in the app.
import { api } from "./client.ts";
import type { Context, MediaAttachment, Status, StatusSource, Visibility } from "./types.ts";

type StatusListener = (change: { updated?: Status; deletedId?: string }) => void;
const listeners = new Set<StatusListener>();

export function onStatusChange(listener: StatusListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publishStatus(status: Status): void {
  for (const listener of listeners) listener({ updated: status });
}

export function publishDeleted(id: string): void {
  for (const listener of listeners) listener({ deletedId: id });
}

export interface StatusInput {
  status: string;
  visibility: Visibility;
  spoiler_text?: string;
  sensitive?: boolean;
  media_ids?: string[];
  in_reply_to_id?: string;
  language?: string;
}

export async function createStatus(input: StatusInput): Promise<Status> {
  const status = await api<Status>("/api/v1/statuses", { method: "POST", body: input });
  publishStatus(status);
  return status;
}

export async function editStatus(
  id: string,
  input: { status: string; spoiler_text?: string; sensitive?: boolean; media_ids?: string[] },
): Promise<Status> {
  const status = await api<Status>(`/api/v1/statuses/${id}`, { method: "PUT", body: input });
  publishStatus(status);
  return status;
}

export async function deleteStatus(id: string): Promise<void> {
  await api(`/api/v1/statuses/${id}`, { method: "DELETE" });
  publishDeleted(id);
}

export const getStatus = (id: string) => api<Status>(`/api/v1/statuses/${id}`);
export const getContext = (id: string) => api<Context>(`/api/v1/statuses/${id}/context`);
export const getSource = (id: string) => api<StatusSource>(`/api/v1/statuses/${id}/source`);

export type Toggle = "favourite" | "reblog" | "bookmark";

/** favourite/unfavourite, reblog/unreblog, bookmark/unbookmark; returns the server's version. */
export function toggleStatus(id: string, action: Toggle, on: boolean): Promise<Status> {
  return api<Status>(`/api/v1/statuses/${id}/${on ? action : `un${action}`}`, { method: "POST" });
}

export function updateMedia(id: string, description: string): Promise<MediaAttachment> {
  return api<MediaAttachment>(`/api/v1/media/${id}`, { method: "PUT", body: { description } });
}
