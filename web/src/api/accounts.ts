// Calls about people: profiles, relationships, follow/mute/block, reports.
import { api } from "./client.ts";
import type { Account, Relationship } from "./types.ts";

export const lookupAccount = (acct: string) => api<Account>("/api/v1/accounts/lookup", { query: { acct } });

export async function relationship(id: string): Promise<Relationship | null> {
  const list = await api<Relationship[]>("/api/v1/accounts/relationships", { query: { "id[]": id } });
  return list[0] ?? null;
}

export type AccountAction = "follow" | "unfollow" | "mute" | "unmute" | "block" | "unblock";

export const accountAction = (id: string, action: AccountAction) =>
  api<Relationship>(`/api/v1/accounts/${id}/${action}`, { method: "POST" });

export const report = (accountId: string, statusIds: string[], comment: string, category = "other") =>
  api("/api/v1/reports", {
    method: "POST",
    body: { account_id: accountId, status_ids: statusIds, comment, category },
  });

/** Accepts or declines someone who asked to follow a locked account. */
export const answerFollowRequest = (accountId: string, accept: boolean) =>
  api<Relationship>(`/api/v1/follow_requests/${accountId}/${accept ? "authorize" : "reject"}`, {
    method: "POST",
  });
