// /api/v1/accounts: registration, the signed-in user's credentials, and reading profiles.
// Relationship endpoints (follow, block, mute, …) live in account-relationships.ts.
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { issueToken } from "../../auth/oauth.ts";
import { storeProfileImage } from "../../media/profile-images.ts";
import {
  findAccountByUsername,
  getAccount,
  getUser,
  type ProfileUpdate,
  registerAccount,
  updatePostingDefaults,
  updateProfile,
} from "../../social/accounts.ts";
import { approveAllFollowRequests, countFollowRequests } from "../../social/relationships.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { requireToken, requireUser } from "../middleware/auth.ts";
import { p, parseQuery, pathId, requestParams, validate } from "../params.ts";
import { serializeAccount, serializeCredentialAccount } from "./serializers/account.ts";

const registerSchema = z.object({
  username: p.string(30),
  email: p.string(320),
  password: p.string(200),
  agreement: p.bool(),
  locale: p.string(10).optional(),
  reason: p.string(1000).optional(),
});

const fieldSchema = z.object({
  name: p.string(255).optional().default(""),
  value: p.string(255).optional().default(""),
});

const updateSchema = z.object({
  display_name: p.string(1000).optional(),
  note: p.string(5000).optional(),
  locked: p.bool().optional(),
  bot: p.bool().optional(),
  discoverable: p.bool().optional(),
  /** Atelier: whether others may remix this account's generated images (default true). */
  allow_remix: p.bool().optional(),
  fields_attributes: p.array(fieldSchema, 10).optional(),
  source: z
    .object({
      privacy: z.enum(["public", "unlisted", "private", "direct"]).optional(),
      sensitive: p.bool().optional(),
      language: p.string(10).optional(),
    })
    .optional(),
});

export function accountsRoutes(deps: ApiDeps) {
  const { social, serialize } = deps;
  const { db } = social;

  const credentials = async (c: Context, accountId: bigint, userId: bigint) => {
    const [account, user, pending] = await Promise.all([
      getAccount(db, accountId),
      getUser(db, userId),
      countFollowRequests(db, accountId),
    ]);
    return c.json(serializeCredentialAccount(account, user, serialize, pending));
  };

  return (
    new Hono()
      .post("/api/v1/accounts", async (c) => {
        const auth = requireToken(c, "write:accounts");
        const body = validate(registerSchema, await requestParams(c));
        const { user } = await registerAccount(social, body);
        if (!user.approved) throw new ApiError(403, "Your account is awaiting approval by an administrator");
        const token = await issueToken(db, { appId: auth.appId, userId: user.id, scopes: auth.scopes });
        return c.json({
          access_token: token.accessToken,
          token_type: "Bearer",
          scope: token.scopes.join(" "),
          created_at: Math.floor(token.createdAt.getTime() / 1000),
          ...(token.refreshToken ? { refresh_token: token.refreshToken } : {}),
        });
      })
      .get("/api/v1/accounts/verify_credentials", async (c) => {
        const auth = requireUser(c, "profile");
        return credentials(c, auth.accountId, auth.userId);
      })
      .patch("/api/v1/accounts/update_credentials", async (c) => {
        const auth = requireUser(c, "write:accounts");
        const params = await requestParams(c);
        const body = validate(updateSchema, params);
        const update: ProfileUpdate = {
          displayName: body.display_name,
          note: body.note,
          locked: body.locked,
          bot: body.bot,
          discoverable: body.discoverable,
          allowRemix: body.allow_remix,
          fields: body.fields_attributes,
        };
        const limits = deps.config.media;
        for (const kind of ["avatar", "header"] as const) {
          const file = params[kind];
          if (file instanceof File) {
            const key = await storeProfileImage(
              { storage: deps.storage, limits },
              auth.accountId,
              kind,
              Buffer.from(await file.arrayBuffer()),
            );
            update[kind === "avatar" ? "avatarKey" : "headerKey"] = key;
          }
        }
        const before = await getAccount(db, auth.accountId);
        await updateProfile(social, auth.accountId, update);
        if (body.locked === false) await approveAllFollowRequests(social, auth.accountId);
        if (body.source) {
          await updatePostingDefaults(db, auth.userId, body.source);
        }
        for (const [key, old] of [
          [update.avatarKey, before.avatarKey],
          [update.headerKey, before.headerKey],
        ]) {
          if (key && old) await deps.storage.delete(old).catch(() => {});
        }
        return credentials(c, auth.accountId, auth.userId);
      })
      .get("/api/v1/accounts/lookup", async (c) => {
        const { acct } = parseQuery(c, z.object({ acct: p.string(400) }));
        const [username, domain] = acct.replace(/^@/, "").split("@");
        const local = !domain || domain === new URL(deps.config.publicUrl).host;
        const account = local && username ? await findAccountByUsername(db, username) : null;
        if (!account) throw new ApiError(404, "Record not found");
        return c.json(serializeAccount(account, serialize));
      })
      // Digits only, so /api/v1/accounts/relationships (account-relationships.ts) reaches its route.
      .get("/api/v1/accounts/:id{[0-9]+}", async (c) => {
        const account = await getAccount(db, pathId(c));
        return c.json(serializeAccount(account, serialize));
      })
  );
}
