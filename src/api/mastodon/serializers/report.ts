// The Report entity (what the reporter gets back) and the admin API's Admin::Report and
// Admin::Account. Reported statuses are serialized by the caller, which hydrates them.
import type { Account, User } from "../../../social/accounts.ts";
import type { Report, ReportDetail } from "../../../social/reports.ts";
import { serializeAccount, serializeCredentialAccount } from "./account.ts";
import type { SerializeContext } from "./context.ts";
import type { serializeStatus } from "./status.ts";

type SerializedStatus = ReturnType<typeof serializeStatus>;

function reportState(report: Report) {
  return {
    id: String(report.id),
    action_taken: report.actionTakenAt !== null,
    action_taken_at: report.actionTakenAt?.toISOString() ?? null,
    category: report.category,
    comment: report.comment,
    // Every account is local, so nothing is ever forwarded to another server.
    forwarded: false,
    created_at: report.createdAt.toISOString(),
  };
}

export function serializeReport(report: Report, target: Account, ctx: SerializeContext) {
  return {
    ...reportState(report),
    status_ids: report.statusIds,
    rule_ids: null,
    target_account: serializeAccount(target, ctx),
  };
}

const USER_ROLE = { id: "-99", name: "", permissions: "65536", color: "", highlighted: false };

export function serializeAdminAccount(account: Account, user: User | null, ctx: SerializeContext) {
  return {
    id: String(account.id),
    username: account.username,
    domain: null,
    created_at: account.createdAt.toISOString(),
    email: user?.email ?? "",
    ip: null,
    ips: [],
    locale: user?.locale ?? "",
    invite_request: null,
    // The Role entity exactly as the user's own credentials show it.
    role: user ? serializeCredentialAccount(account, user, ctx, 0).role : USER_ROLE,
    confirmed: true,
    approved: user?.approved ?? true,
    disabled: false,
    silenced: false,
    suspended: account.suspendedAt !== null,
    sensitized: false,
    account: serializeAccount(account, ctx),
    created_by_application_id: null,
    invited_by_account_id: null,
  };
}

export function serializeAdminReport(
  detail: ReportDetail,
  statuses: SerializedStatus[],
  ctx: SerializeContext,
) {
  const { report } = detail;
  return {
    ...reportState(report),
    updated_at: (report.actionTakenAt ?? report.createdAt).toISOString(),
    account: serializeAdminAccount(detail.reporter.account, detail.reporter.user, ctx),
    target_account: serializeAdminAccount(detail.target.account, detail.target.user, ctx),
    assigned_account: null,
    action_taken_by_account: null,
    statuses,
    rules: [],
  };
}
