// Moderators acting on accounts. Suspension is one timestamp: src/social/visibility.ts and the
// account reads already treat a suspended author as gone, so their posts leave every timeline,
// thread, notification and search at once, and unsuspending brings everything back unchanged.
// Their sessions end for good: tokens are revoked (the user signs in again after unsuspension).
import { and, eq, sql } from "drizzle-orm";
import { forgetUserTokens } from "../auth/oauth.ts";
import { accounts, oauthTokens, reports } from "../db/social-schema.ts";
import { forbidden, notFound, unprocessable } from "../errors.ts";
import { type Account, getAccount, getUserByAccount, type User } from "./accounts.ts";
import type { SocialContext } from "./context.ts";
import { resolveReportsAgainst, setReportResolved } from "./reports.ts";

export const ACCOUNT_ACTIONS = ["none", "suspend"] as const;
export type AccountActionType = (typeof ACCOUNT_ACTIONS)[number];

export interface Moderator {
  accountId: bigint;
  role: "admin" | "moderator" | "user" | null;
}

export interface AccountAction {
  type: AccountActionType;
  reportId?: bigint | undefined;
  /** The moderator's note; kept nowhere yet (there is no moderation log), accepted for clients. */
  text?: string | undefined;
}

const RANK = { user: 0, moderator: 1, admin: 2 } as const;

/**
 * Mastodon's rule: staff may act only on accounts of a strictly lower role, and never on their own.
 * So admins cannot suspend admins, and moderators cannot suspend moderators.
 */
function checkAuthority(moderator: Moderator, target: Account, targetUser: User | null): void {
  if (target.id === moderator.accountId) throw forbidden("You cannot take moderation actions on yourself");
  const targetRank = targetUser ? RANK[targetUser.role] : 0;
  if (targetRank >= RANK[moderator.role ?? "user"]) throw forbidden();
}

async function loadTarget(ctx: SocialContext, moderator: Moderator, targetId: bigint) {
  const account = await getAccount(ctx.db, targetId, { includeSuspended: true });
  const user = await getUserByAccount(ctx.db, account.id);
  checkAuthority(moderator, account, user);
  return { account, user };
}

/** The report named by an action must be about the account acted on. */
async function checkReport(ctx: SocialContext, reportId: bigint, targetId: bigint): Promise<void> {
  const [report] = await ctx.db.select().from(reports).where(eq(reports.id, reportId)).limit(1);
  if (!report) throw notFound();
  if (report.targetAccountId !== targetId)
    throw unprocessable("Validation failed: the report is about another account");
}

/**
 * Takes an action on an account, as POST /api/v1/admin/accounts/:id/action. `none` only resolves
 * the given report; `suspend` suspends, ends every session and resolves all open reports about
 * the account (Mastodon resolves them all, since the account has been dealt with).
 */
export async function takeAccountAction(
  ctx: SocialContext,
  moderator: Moderator,
  targetId: bigint,
  action: AccountAction,
): Promise<void> {
  const { account, user } = await loadTarget(ctx, moderator, targetId);
  if (action.reportId !== undefined) await checkReport(ctx, action.reportId, account.id);
  if (action.type === "none") {
    if (action.reportId !== undefined) await setReportResolved(ctx.db, action.reportId, true);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ suspendedAt: sql`coalesce(${accounts.suspendedAt}, now())`, updatedAt: sql`now()` })
      .where(eq(accounts.id, account.id));
    if (user) {
      await tx
        .update(oauthTokens)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(oauthTokens.userId, user.id), sql`${oauthTokens.revokedAt} IS NULL`));
    }
    await resolveReportsAgainst(tx, account.id);
  });
  // After commit, so a request racing the cache cannot re-cache the token as still valid.
  if (user) forgetUserTokens(user.id);
  ctx.logger.info(
    { accountId: String(account.id), by: String(moderator.accountId), text: action.text },
    "account suspended",
  );
}

/** Lifts a suspension; Mastodon answers 403 for an account that is not suspended. */
export async function unsuspendAccount(
  ctx: SocialContext,
  moderator: Moderator,
  targetId: bigint,
): Promise<{ account: Account; user: User | null }> {
  const { account, user } = await loadTarget(ctx, moderator, targetId);
  if (!account.suspendedAt) throw forbidden("This account is not suspended");
  const [updated] = await ctx.db
    .update(accounts)
    .set({ suspendedAt: null, updatedAt: sql`now()` })
    .where(eq(accounts.id, account.id))
    .returning();
  ctx.logger.info({ accountId: String(account.id), by: String(moderator.accountId) }, "account unsuspended");
  return { account: updated!, user };
}

/** An account with its user, suspended or not, for the admin API. */
export async function getAccountForModerators(ctx: SocialContext, id: bigint) {
  const account = await getAccount(ctx.db, id, { includeSuspended: true });
  return { account, user: await getUserByAccount(ctx.db, account.id) };
}
