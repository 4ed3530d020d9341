// Reports: a user flags an account (and some of its statuses) for the moderators, who are notified
// at once; moderators list, read and resolve them. Acting on the account is in moderation.ts.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { newId } from "../db/ids.ts";
import { accounts, reports, statuses, users } from "../db/social-schema.ts";
import { notFound, unprocessable } from "../errors.ts";
import type { Account, User } from "./accounts.ts";
import { getAccount } from "./accounts.ts";
import type { SocialContext } from "./context.ts";
import { notify } from "./notify.ts";
import { newestFirst, type PageRequest, pageConditions, pageOrder } from "./pagination.ts";
import type { Status } from "./statuses/read.ts";
import { entryVisibleTo } from "./visibility.ts";

export type Report = typeof reports.$inferSelect;

export const REPORT_CATEGORIES = ["spam", "legal", "violation", "other"] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];
export const REPORT_COMMENT_LIMIT = 1000;

export interface NewReport {
  accountId: bigint;
  targetAccountId: bigint;
  statusIds: bigint[];
  comment: string;
  category: ReportCategory;
  ruleIds: string[];
  forward: boolean;
}

/** Staff who handle reports: admins and moderators whose accounts are active. */
async function staffAccountIds(db: Executor): Promise<bigint[]> {
  const rows = await db
    .select({ id: accounts.id })
    .from(users)
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(and(inArray(users.role, ["admin", "moderator"]), sql`${accounts.suspendedAt} IS NULL`));
  return rows.map((row) => row.id);
}

/**
 * Files a report. Attached statuses must be the target's and visible to the reporter (a 404
 * otherwise, like Mastodon's lookup), so a report cannot probe for posts one may not see.
 */
export async function fileReport(
  ctx: SocialContext,
  input: NewReport,
): Promise<{ report: Report; target: Account }> {
  if ([...input.comment].length > REPORT_COMMENT_LIMIT) {
    throw unprocessable(
      `Validation failed: Comment is too long (maximum is ${REPORT_COMMENT_LIMIT} characters)`,
    );
  }
  // This server publishes no rules (GET /api/v2/instance has `rules: []`), so none can be cited.
  if (input.ruleIds.length) throw unprocessable("Validation failed: Rule ids must reference existing rules");
  const target = await getAccount(ctx.db, input.targetAccountId);
  const statusIds = [...new Set(input.statusIds)];
  if (statusIds.length) {
    const found = await ctx.db
      .select({ id: statuses.id })
      .from(statuses)
      .where(
        and(
          inArray(statuses.id, statusIds),
          eq(statuses.accountId, target.id),
          entryVisibleTo(input.accountId),
        ),
      );
    if (found.length !== statusIds.length) throw notFound();
  }
  const { report, notified } = await ctx.db.transaction(async (tx) => {
    const [report] = await tx
      .insert(reports)
      .values({
        id: newId(),
        accountId: input.accountId,
        targetAccountId: target.id,
        statusIds: statusIds.map(String),
        comment: input.comment,
        category: input.category,
        forward: input.forward,
      })
      .returning();
    const notified = await notify(tx, {
      recipients: await staffAccountIds(tx),
      fromAccountId: input.accountId,
      type: "admin.report",
      reportId: report!.id,
    });
    return { report: report!, notified };
  });
  for (const n of notified) {
    ctx.events.emit("notification.created", { notificationId: n.id, accountId: n.accountId });
  }
  return { report, target };
}

export interface ReportFilter {
  resolved?: boolean | undefined;
  accountId?: bigint | undefined;
  targetAccountId?: bigint | undefined;
}

export async function listReports(db: Executor, filter: ReportFilter, page: PageRequest): Promise<Report[]> {
  const rows = await db
    .select()
    .from(reports)
    .where(
      and(
        filter.resolved ? sql`${reports.actionTakenAt} IS NOT NULL` : sql`${reports.actionTakenAt} IS NULL`,
        filter.accountId !== undefined ? eq(reports.accountId, filter.accountId) : undefined,
        filter.targetAccountId !== undefined
          ? eq(reports.targetAccountId, filter.targetAccountId)
          : undefined,
        pageConditions(reports.id, page),
      ),
    )
    .orderBy(pageOrder(reports.id, page))
    .limit(page.limit);
  return newestFirst(rows, page);
}

export async function getReport(db: Executor, id: bigint): Promise<Report> {
  const [report] = await db.select().from(reports).where(eq(reports.id, id)).limit(1);
  if (!report) throw notFound();
  return report;
}

/** Marks a report resolved (action taken) or reopens it. */
export async function setReportResolved(db: Executor, id: bigint, resolved: boolean): Promise<Report> {
  const [report] = await db
    .update(reports)
    .set({ actionTakenAt: resolved ? sql`coalesce(${reports.actionTakenAt}, now())` : null })
    .where(eq(reports.id, id))
    .returning();
  if (!report) throw notFound();
  return report;
}

/** Resolves every open report against an account (what acting on the account does). */
export async function resolveReportsAgainst(db: Executor, targetAccountId: bigint): Promise<void> {
  await db
    .update(reports)
    .set({ actionTakenAt: sql`now()` })
    .where(and(eq(reports.targetAccountId, targetAccountId), sql`${reports.actionTakenAt} IS NULL`));
}

/** A report with what moderators see of it: both parties (with their users) and the statuses. */
export interface ReportDetail {
  report: Report;
  reporter: { account: Account; user: User | null };
  target: { account: Account; user: User | null };
  statuses: Status[];
}

/**
 * Loads reports for moderators in a fixed number of queries. Suspended parties and every attached
 * status are included, whoever may see them: moderators must see what they judge.
 */
export async function loadReportDetails(db: Executor, list: Report[]): Promise<ReportDetail[]> {
  if (!list.length) return [];
  const accountIds = [...new Set(list.flatMap((r) => [r.accountId, r.targetAccountId]))];
  const statusIds = [...new Set(list.flatMap((r) => r.statusIds.map(BigInt)))];
  const [accountRows, userRows, statusRows] = await Promise.all([
    db.select().from(accounts).where(inArray(accounts.id, accountIds)),
    db.select().from(users).where(inArray(users.accountId, accountIds)),
    statusIds.length ? db.select().from(statuses).where(inArray(statuses.id, statusIds)) : [],
  ]);
  const accountById = new Map(accountRows.map((a) => [a.id, a]));
  const userByAccount = new Map(userRows.map((u) => [u.accountId, u]));
  const statusById = new Map(statusRows.map((s) => [s.id, s]));
  const party = (id: bigint) => ({ account: accountById.get(id)!, user: userByAccount.get(id) ?? null });
  return list.map((report) => ({
    report,
    reporter: party(report.accountId),
    target: party(report.targetAccountId),
    // A deleted status is gone from the report too.
    statuses: report.statusIds.flatMap((id) => statusById.get(BigInt(id)) ?? []),
  }));
}
