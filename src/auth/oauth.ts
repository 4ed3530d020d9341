// OAuth 2 as Mastodon does it: registered apps, authorization codes (with PKCE), access and
// refresh tokens. Secrets are random 256-bit strings; codes and tokens are stored only as SHA-256.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { newId } from "../db/ids.ts";
import { accounts, oauthApps, oauthCodes, oauthTokens, users } from "../db/social-schema.ts";
import { LruCache } from "../util/lru.ts";

export const OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob";
const CODE_TTL_MS = 10 * 60_000;

export type OAuthApp = typeof oauthApps.$inferSelect;

/** An OAuth error as RFC 6749 names them; the API answers `{error, error_description}`. */
export class OAuthError extends Error {
  override name = "OAuthError";
  readonly code: string;
  readonly status: 400 | 401 | 403;
  constructor(code: string, description: string, status: 400 | 401 | 403 = 400) {
    super(description);
    this.code = code;
    this.status = status;
  }
}

export const randomSecret = () => randomBytes(32).toString("base64url");
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function registerApp(
  db: Executor,
  input: { name: string; redirectUris: string[]; scopes: string[]; website: string | null },
): Promise<OAuthApp> {
  const [app] = await db
    .insert(oauthApps)
    .values({
      id: newId(),
      name: input.name,
      website: input.website,
      redirectUris: input.redirectUris,
      scopes: input.scopes.join(" "),
      clientId: randomSecret(),
      clientSecret: randomSecret(),
    })
    .returning();
  return app!;
}

export async function findApp(db: Executor, clientId: string): Promise<OAuthApp | null> {
  const [app] = await db.select().from(oauthApps).where(eq(oauthApps.clientId, clientId)).limit(1);
  return app ?? null;
}

export async function findAppById(db: Executor, id: bigint): Promise<OAuthApp | null> {
  const [app] = await db.select().from(oauthApps).where(eq(oauthApps.id, id)).limit(1);
  return app ?? null;
}

/** The app a client authenticates as, by client_id and client_secret. */
export async function authenticateClient(
  db: Executor,
  clientId: string,
  clientSecret: string,
): Promise<OAuthApp> {
  const app = await findApp(db, clientId);
  if (!app || !safeEqual(app.clientSecret, clientSecret)) {
    throw new OAuthError(
      "invalid_client",
      "Client authentication failed due to unknown client or wrong secret",
      401,
    );
  }
  return app;
}

export async function createAuthorizationCode(
  db: Executor,
  input: {
    app: OAuthApp;
    userId: bigint;
    redirectUri: string;
    scopes: string[];
    codeChallenge: string | null;
    codeChallengeMethod: string | null;
  },
): Promise<string> {
  const code = randomSecret();
  await db.insert(oauthCodes).values({
    codeHash: sha256(code),
    appId: input.app.id,
    userId: input.userId,
    redirectUri: input.redirectUri,
    scopes: input.scopes.join(" "),
    codeChallenge: input.codeChallenge,
    codeChallengeMethod: input.codeChallengeMethod,
    expiresAt: new Date(Date.now() + CODE_TTL_MS),
  });
  return code;
}

function pkceMatches(challenge: string, method: string | null, verifier: string): boolean {
  if (method === "S256")
    return safeEqual(challenge, createHash("sha256").update(verifier).digest("base64url"));
  return safeEqual(challenge, verifier); // "plain"
}

export interface IssuedToken {
  accessToken: string;
  refreshToken: string | null;
  scopes: string[];
  createdAt: Date;
  expiresIn: number | null;
}

/** Trades a code for a token. Codes are single use: the row is deleted as it is read. */
export async function exchangeCode(
  db: Executor,
  input: { app: OAuthApp; code: string; redirectUri: string; codeVerifier: string | undefined },
): Promise<IssuedToken> {
  const [row] = await db
    .delete(oauthCodes)
    .where(and(eq(oauthCodes.codeHash, sha256(input.code)), eq(oauthCodes.appId, input.app.id)))
    .returning();
  const invalid = (why: string) => new OAuthError("invalid_grant", why);
  if (!row || row.expiresAt.getTime() < Date.now())
    throw invalid("The authorization code is invalid or expired");
  if (row.redirectUri !== input.redirectUri)
    throw invalid("redirect_uri does not match the authorization request");
  if (row.codeChallenge) {
    if (!input.codeVerifier) throw invalid("code_verifier is required (PKCE)");
    if (!pkceMatches(row.codeChallenge, row.codeChallengeMethod, input.codeVerifier)) {
      throw invalid("code_verifier does not match the code_challenge");
    }
  }
  return issueToken(db, { appId: input.app.id, userId: row.userId, scopes: row.scopes.split(" ") });
}

export async function issueToken(
  db: Executor,
  input: { appId: bigint; userId: bigint | null; scopes: string[]; withRefresh?: boolean },
): Promise<IssuedToken> {
  const accessToken = randomSecret();
  const refreshToken = input.userId && input.withRefresh !== false ? randomSecret() : null;
  const [row] = await db
    .insert(oauthTokens)
    .values({
      id: newId(),
      tokenHash: sha256(accessToken),
      refreshTokenHash: refreshToken ? sha256(refreshToken) : null,
      appId: input.appId,
      userId: input.userId,
      scopes: input.scopes.join(" "),
    })
    .returning({ createdAt: oauthTokens.createdAt });
  return { accessToken, refreshToken, scopes: input.scopes, createdAt: row!.createdAt, expiresIn: null };
}

/** Rotates a refresh token: the old access and refresh tokens stop working. */
export async function refreshToken(db: Database, app: OAuthApp, refresh: string): Promise<IssuedToken> {
  return db.transaction(async (tx) => {
    const [old] = await tx
      .update(oauthTokens)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(oauthTokens.refreshTokenHash, sha256(refresh)),
          eq(oauthTokens.appId, app.id),
          isNull(oauthTokens.revokedAt),
        ),
      )
      .returning();
    if (!old) throw new OAuthError("invalid_grant", "The refresh token is invalid or was revoked");
    tokenCache.delete(old.tokenHash);
    return issueToken(tx, { appId: app.id, userId: old.userId, scopes: old.scopes.split(" ") });
  });
}

/** Revokes an access token of this app. Unknown tokens succeed silently, as RFC 7009 asks. */
export async function revokeToken(db: Executor, app: OAuthApp, token: string): Promise<void> {
  const hash = sha256(token);
  await db
    .update(oauthTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(oauthTokens.appId, app.id),
        sql`(${oauthTokens.tokenHash} = ${hash} OR ${oauthTokens.refreshTokenHash} = ${hash})`,
      ),
    );
  tokenCache.delete(hash);
}

export interface Authentication {
  tokenId: bigint;
  appId: bigint;
  userId: bigint | null;
  accountId: bigint | null;
  role: "admin" | "moderator" | "user" | null;
  scopes: string[];
}

// Every API request authenticates; a short-lived cache keeps that off the database. Revocation
// in this process takes effect at once; other processes see it within the TTL.
const tokenCache = new LruCache<string, Authentication | null>(10_000, 30_000);

export function forgetUserTokens(userId: bigint): void {
  tokenCache.deleteWhere((auth) => auth?.userId === userId);
}

export async function authenticateToken(db: Executor, token: string): Promise<Authentication | null> {
  return (await authenticateTokens(db, [token])).get(token) ?? null;
}

/**
 * Many tokens at once (every stream re-checks its token on the same heartbeat): those in the cache
 * from memory, the rest in one query.
 */
export async function authenticateTokens(
  db: Executor,
  tokens: Iterable<string>,
): Promise<Map<string, Authentication | null>> {
  const found = new Map<string, Authentication | null>();
  const missing = new Map<string, string>(); // hash → token
  for (const token of tokens) {
    const hash = sha256(token);
    const cached = tokenCache.get(hash);
    if (cached !== undefined) found.set(token, cached);
    else missing.set(hash, token);
  }
  if (!missing.size) return found;
  const rows = await db
    .select({
      tokenHash: oauthTokens.tokenHash,
      tokenId: oauthTokens.id,
      appId: oauthTokens.appId,
      userId: oauthTokens.userId,
      scopes: oauthTokens.scopes,
      accountId: users.accountId,
      role: users.role,
      approved: users.approved,
      suspendedAt: accounts.suspendedAt,
    })
    .from(oauthTokens)
    .leftJoin(users, eq(users.id, oauthTokens.userId))
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .where(
      and(
        // One text parameter however many tokens (hex hashes hold no commas): one statement to plan.
        sql`${oauthTokens.tokenHash} = ANY(string_to_array(${[...missing.keys()].join(",")}, ','))`,
        isNull(oauthTokens.revokedAt),
      ),
    );
  const byHash = new Map(rows.map((row) => [row.tokenHash, row]));
  for (const [hash, token] of missing) {
    const row = byHash.get(hash);
    const usable = row && (row.userId === null || (row.approved && !row.suspendedAt));
    const auth: Authentication | null = usable
      ? {
          tokenId: row.tokenId,
          appId: row.appId,
          userId: row.userId,
          accountId: row.accountId,
          role: row.role,
          scopes: row.scopes.split(" "),
        }
      : null;
    tokenCache.set(hash, auth);
    found.set(token, auth);
  }
  return found;
}
