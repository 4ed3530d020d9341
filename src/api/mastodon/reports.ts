// POST /api/v1/reports: a user reports an account, optionally with some of its statuses.
import { Hono } from "hono";
import { z } from "zod";
import { fileReport, REPORT_CATEGORIES } from "../../social/reports.ts";
import type { ApiDeps } from "../deps.ts";
import { requireUser } from "../middleware/auth.ts";
import { p, parseBody } from "../params.ts";
import { serializeReport } from "./serializers/report.ts";

const reportSchema = z.object({
  account_id: p.id(),
  status_ids: p.array(p.id(), 100).optional(),
  // Counted in characters by the domain (its limit is 1000); this only bounds the request.
  comment: p.string(10_000).optional(),
  category: z.enum(REPORT_CATEGORIES, { error: `must be one of ${REPORT_CATEGORIES.join(", ")}` }).optional(),
  rule_ids: p.array(z.union([p.string(40), z.number()]), 100).optional(),
  forward: p.bool().optional(),
  forward_to_domains: p.array(p.string(255), 100).optional(),
});

export function reportsRoutes(deps: ApiDeps) {
  const { social, serialize } = deps;
  return new Hono().post("/api/v1/reports", async (c) => {
    const auth = requireUser(c, "write:reports");
    const body = await parseBody(c, reportSchema);
    const { report, target } = await fileReport(social, {
      accountId: auth.accountId,
      targetAccountId: BigInt(body.account_id),
      statusIds: (body.status_ids ?? []).map(BigInt),
      comment: body.comment ?? "",
      category: body.category ?? "other",
      ruleIds: (body.rule_ids ?? []).map(String),
      forward: body.forward ?? false,
    });
    return c.json(serializeReport(report, target, serialize));
  });
}
