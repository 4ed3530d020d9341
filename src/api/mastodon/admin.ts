// The moderation part of Mastodon's admin API: reading and acting on accounts (suspend, unsuspend)
// and handling reports. Staff only (admins and moderators), with the admin:* scopes.
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import {
  ACCOUNT_ACTIONS,
  getAccountForModerators,
  takeAccountAction,
  unsuspendAccount,
} from "../../social/moderation.ts";
import {
  getReport,
  listReports,
  loadReportDetails,
  type Report,
  setReportResolved,
} from "../../social/reports.ts";
import { hydrateStatuses } from "../../social/statuses/hydrate.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { requireAdmin, type UserAuthentication } from "../middleware/auth.ts";
import { p, parseBody, parseQuery, pathId } from "../params.ts";
import { paginated } from "./pagination.ts";
import { serializeAdminAccount, serializeAdminReport } from "./serializers/report.ts";
import { serializeStatus } from "./serializers/status.ts";

/** Mastodon's other actions exist but are not implemented here; saying so beats pretending. */
const KNOWN_ACTIONS = ["none", "sensitive", "disable", "silence", "suspend"] as const;

const actionSchema = z.object({
  type: z.enum(KNOWN_ACTIONS, { error: `must be one of ${KNOWN_ACTIONS.join(", ")}` }),
  report_id: p.id().optional().nullable(),
  warning_preset_id: p.id().optional().nullable(),
  text: p.string(5000).optional().nullable(),
  send_email_notification: p.bool().optional(),
});

const reportsQuery = z.object({
  resolved: p.bool().optional(),
  account_id: p.id().optional(),
  target_account_id: p.id().optional(),
  by_target_domain: p.string(255).optional(),
});

const moderator = (auth: UserAuthentication) => ({ accountId: auth.accountId, role: auth.role });

export function adminRoutes(deps: ApiDeps) {
  const { social, serialize } = deps;
  const { db } = social;

  /** Admin::Report entities, with reported statuses hydrated for the moderator looking at them. */
  const renderReports = async (list: Report[], viewerId: bigint) => {
    const details = await loadReportDetails(db, list);
    const views = await hydrateStatuses(
      db,
      details.flatMap((d) => d.statuses),
      viewerId,
    );
    const byId = new Map(views.map((view) => [view.status.id, serializeStatus(view, serialize)]));
    return details.map((detail) =>
      serializeAdminReport(
        detail,
        detail.statuses.map((s) => byId.get(s.id)!),
        serialize,
      ),
    );
  };
  const renderReport = async (c: Context, report: Report, viewerId: bigint) =>
    c.json((await renderReports([report], viewerId))[0]);

  return new Hono()
    .get("/api/v1/admin/accounts/:id", async (c) => {
      requireAdmin(c, "admin:read:accounts");
      const { account, user } = await getAccountForModerators(social, pathId(c));
      return c.json(serializeAdminAccount(account, user, serialize));
    })
    .post("/api/v1/admin/accounts/:id/action", async (c) => {
      const auth = requireAdmin(c, "admin:write:accounts");
      const targetId = pathId(c);
      const body = await parseBody(c, actionSchema);
      const type = ACCOUNT_ACTIONS.find((t) => t === body.type);
      if (!type) throw new ApiError(422, `Validation failed: the ${body.type} action is not supported here`);
      await takeAccountAction(social, moderator(auth), targetId, {
        type,
        reportId: body.report_id ? BigInt(body.report_id) : undefined,
        text: body.text ?? undefined,
      });
      return c.json({});
    })
    .post("/api/v1/admin/accounts/:id/unsuspend", async (c) => {
      const auth = requireAdmin(c, "admin:write:accounts");
      const { account, user } = await unsuspendAccount(social, moderator(auth), pathId(c));
      return c.json(serializeAdminAccount(account, user, serialize));
    })
    .get("/api/v1/admin/reports", async (c) => {
      const auth = requireAdmin(c, "admin:read:reports");
      const query = parseQuery(c, reportsQuery);
      // Local accounts have no domain, so a domain filter matches nothing (as in Mastodon).
      const byDomain = query.by_target_domain !== undefined;
      const filter = {
        resolved: query.resolved,
        accountId: query.account_id === undefined ? undefined : BigInt(query.account_id),
        targetAccountId: query.target_account_id === undefined ? undefined : BigInt(query.target_account_id),
      };
      return paginated(
        c,
        async (page) =>
          byDomain
            ? []
            : (await listReports(db, filter, page)).map((report) => ({ cursor: report.id, report })),
        (rows) =>
          renderReports(
            rows.map((row) => row.report),
            auth.accountId,
          ),
        { defaultLimit: 100, maxLimit: 200 },
      );
    })
    .get("/api/v1/admin/reports/:id", async (c) => {
      const auth = requireAdmin(c, "admin:read:reports");
      return renderReport(c, await getReport(db, pathId(c)), auth.accountId);
    })
    .post("/api/v1/admin/reports/:id/resolve", async (c) => {
      const auth = requireAdmin(c, "admin:write:reports");
      return renderReport(c, await setReportResolved(db, pathId(c), true), auth.accountId);
    })
    .post("/api/v1/admin/reports/:id/reopen", async (c) => {
      const auth = requireAdmin(c, "admin:write:reports");
      return renderReport(c, await setReportResolved(db, pathId(c), false), auth.accountId);
    });
}
