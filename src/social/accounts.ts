// Accounts and the users behind them: registration with Mastodon's rules, sign-in, profiles.
import { and, count, eq, sql } from "drizzle-orm";
import { hashPassword, verifyPassword } from "../auth/passwords.ts";
import type { Executor } from "../db/client.ts";
import { newId } from "../db/ids.ts";
import { accounts, type ProfileField, users, type Visibility } from "../db/social-schema.ts";
import { DomainError, notFound, unprocessable } from "../errors.ts";
import type { SocialContext } from "./context.ts";

export type Account = typeof accounts.$inferSelect;
export type User = typeof users.$inferSelect;

const USERNAME = /^[a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const RESERVED = new Set([
  "admin",
  "administrator",
  "root",
  "support",
  "help",
  "webmaster",
  "moderator",
  "mod",
]);
export const PROFILE_LIMITS = { displayName: 30, note: 500, fields: 4, fieldName: 255, fieldValue: 255 };

type FieldErrors = Record<string, { error: string; description: string }[]>;

function addFieldError(errors: FieldErrors, field: string, error: string, description: string): void {
  errors[field] = [...(errors[field] ?? []), { error, description }];
}

function validationError(errors: FieldErrors): DomainError {
  const summary = Object.entries(errors)
    .map(
      ([field, list]) =>
        `${field[0]!.toUpperCase()}${field.slice(1)} ${list.map((e) => e.description).join(", ")}`,
    )
    .join(", ");
  return unprocessable(`Validation failed: ${summary}`, errors);
}

export interface RegistrationInput {
  username: string;
  email: string;
  password: string;
  agreement: boolean;
  locale?: string | undefined;
}

/**
 * Creates an account and its user. The first person to register becomes the admin; demo accounts
 * (`options.demo`) never do, so a newcomer who signs up on a seeded instance still owns it.
 */
export async function registerAccount(
  ctx: SocialContext,
  input: RegistrationInput,
  options: { demo?: boolean } = {},
): Promise<{ account: Account; user: User }> {
  if (ctx.settings.registrationMode === "closed" && !options.demo)
    throw new DomainError(403, "Registrations are closed on this server");
  const errors: FieldErrors = {};
  const add = (field: string, error: string, description: string) =>
    addFieldError(errors, field, error, description);
  if (!USERNAME.test(input.username) || input.username.length > 30) {
    add("username", "ERR_INVALID", "must contain only letters, numbers and underscores (at most 30)");
  } else if (RESERVED.has(input.username.toLowerCase())) {
    add("username", "ERR_RESERVED", "is reserved");
  }
  if (!EMAIL.test(input.email)) add("email", "ERR_INVALID", "is invalid");
  if (input.password.length < 8) add("password", "ERR_TOO_SHORT", "is too short (minimum is 8 characters)");
  if (input.password.length > 72) add("password", "ERR_TOO_LONG", "is too long (maximum is 72 characters)");
  if (!input.agreement) add("agreement", "ERR_ACCEPTED", "must be accepted");
  if (Object.keys(errors).length) throw validationError(errors);

  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({
        username: sql<boolean>`EXISTS (SELECT 1 FROM accounts WHERE lower(username) = lower(${input.username}))`,
        email: sql<boolean>`EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(${input.email}))`,
        first: sql<boolean>`NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin')`,
      })
      .from(sql`(SELECT 1) AS one`);
    if (taken!.username) add("username", "ERR_TAKEN", "has already been taken");
    if (taken!.email) add("email", "ERR_TAKEN", "has already been taken");
    if (Object.keys(errors).length) throw validationError(errors);
    const [account] = await tx.insert(accounts).values({ id: newId(), username: input.username }).returning();
    const [user] = await tx
      .insert(users)
      .values({
        id: newId(),
        accountId: account!.id,
        email: input.email,
        passwordHash,
        role: taken!.first && !options.demo ? "admin" : "user",
        approved: taken!.first || options.demo || ctx.settings.registrationMode === "open",
        locale: input.locale ?? "en",
      })
      .returning();
    return { account: account!, user: user! };
  });
}

/** Sign-in by email or username; null when either is unknown or the password is wrong. */
export async function verifyLogin(db: Executor, login: string, password: string): Promise<User | null> {
  const [row] = await db
    .select({ user: users })
    .from(users)
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(sql`lower(${users.email}) = lower(${login}) OR lower(${accounts.username}) = lower(${login})`)
    .limit(1);
  if (!row) {
    await hashPassword(password); // same cost as a real check, so timing doesn't reveal accounts
    return null;
  }
  return (await verifyPassword(row.user.passwordHash, password)) ? row.user : null;
}

export async function getUser(db: Executor, userId: bigint): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw notFound();
  return user;
}

export async function getUserByAccount(db: Executor, accountId: bigint): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.accountId, accountId)).limit(1);
  return user ?? null;
}

/** An account as anyone may see it: suspended accounts are gone unless `includeSuspended`. */
export async function getAccount(db: Executor, id: bigint, options: { includeSuspended?: boolean } = {}) {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  if (!account || (account.suspendedAt && !options.includeSuspended)) throw notFound();
  return account;
}

export async function findAccountByUsername(db: Executor, username: string): Promise<Account | null> {
  const [account] = await db
    .select()
    .from(accounts)
    .where(and(sql`lower(${accounts.username}) = lower(${username})`, sql`${accounts.suspendedAt} IS NULL`))
    .limit(1);
  return account ?? null;
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export interface ProfileUpdate {
  displayName?: string | undefined;
  note?: string | undefined;
  locked?: boolean | undefined;
  bot?: boolean | undefined;
  discoverable?: boolean | undefined;
  allowRemix?: boolean | undefined;
  fields?: { name: string; value: string }[] | undefined;
  avatarKey?: string | null | undefined;
  headerKey?: string | null | undefined;
}

export async function updateProfile(
  ctx: SocialContext,
  accountId: bigint,
  update: ProfileUpdate,
): Promise<Account> {
  const errors: FieldErrors = {};
  const tooLong = (field: string, max: number) =>
    addFieldError(errors, field, "ERR_TOO_LONG", `is too long (maximum is ${max} characters)`);
  if (update.displayName !== undefined && [...update.displayName].length > PROFILE_LIMITS.displayName) {
    tooLong("display_name", PROFILE_LIMITS.displayName);
  }
  if (update.note !== undefined && [...update.note].length > PROFILE_LIMITS.note)
    tooLong("note", PROFILE_LIMITS.note);
  let fields: ProfileField[] | undefined;
  if (update.fields) {
    const kept = update.fields.filter((f) => f.name.trim() || f.value.trim());
    if (kept.length > PROFILE_LIMITS.fields) tooLong("fields", PROFILE_LIMITS.fields);
    if (
      kept.some((f) => f.name.length > PROFILE_LIMITS.fieldName || f.value.length > PROFILE_LIMITS.fieldValue)
    ) {
      tooLong("fields", PROFILE_LIMITS.fieldValue);
    }
    fields = kept.map((f) => ({ name: f.name.trim(), value: f.value.trim(), verified_at: null }));
  }
  if (Object.keys(errors).length) throw validationError(errors);
  const [account] = await ctx.db
    .update(accounts)
    .set({
      displayName: update.displayName?.trim(),
      note: update.note,
      locked: update.locked,
      bot: update.bot,
      discoverable: update.discoverable,
      allowRemix: update.allowRemix,
      fields,
      avatarKey: update.avatarKey,
      headerKey: update.headerKey,
      updatedAt: sql`now()`,
    })
    .where(eq(accounts.id, accountId))
    .returning();
  if (!account) throw notFound();
  return account;
}

export async function updatePostingDefaults(
  db: Executor,
  userId: bigint,
  defaults: {
    privacy?: Visibility | undefined;
    sensitive?: boolean | undefined;
    language?: string | undefined;
  },
): Promise<void> {
  await db
    .update(users)
    .set({
      defaultVisibility: defaults.privacy,
      defaultSensitive: defaults.sensitive,
      defaultLanguage: defaults.language === undefined ? undefined : defaults.language || null,
    })
    .where(eq(users.id, userId));
}
