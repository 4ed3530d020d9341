// Stream authentication on a real (embedded) Postgres: the checks a thousand streams make on the same
// heartbeat go to the database as one query, and each stream still gets its own verdict.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DomainTestBed, openTestBed } from "../../test/support/database.ts";
import { issueToken, registerApp, revokeToken } from "../auth/oauth.ts";
import type { Database } from "../db/client.ts";
import { registerAccount } from "../social/accounts.ts";
import { batchedStreamAuthentication } from "./auth.ts";
import { StreamError } from "./streams.ts";

let bed: DomainTestBed;

beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(async () => {
  await bed?.close();
});

/** The database, counting the SELECTs run through it. */
function countingSelects(db: Database): { db: Database; selects: () => number } {
  let selects = 0;
  const counted = new Proxy(db, {
    get(target, key, receiver) {
      if (key === "select") selects++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { db: counted, selects: () => selects };
}

describe("stream authentication", () => {
  it("checks the tokens asked for together in one query, each with its own answer", async () => {
    const { database, social } = bed;
    const app = await registerApp(database.db, {
      name: "streams",
      redirectUris: ["urn:ietf:wg:oauth:2.0:oob"],
      scopes: ["read"],
      website: null,
    });
    const people = [];
    for (let i = 0; i < 5; i++) {
      const { account, user } = await registerAccount(social, {
        username: `streamer${i}`,
        email: `streamer${i}@example.test`,
        password: "correct horse battery staple",
        agreement: true,
      });
      const tokens = [];
      for (let t = 0; t < 40; t++)
        tokens.push(
          (await issueToken(database.db, { appId: app.id, userId: user.id, scopes: ["read"] })).accessToken,
        );
      people.push({ accountId: account.id, tokens });
    }
    const revoked = people[0]!.tokens[0]!;
    await revokeToken(database.db, app, revoked);

    const { db, selects } = countingSelects(database.db);
    const authenticate = batchedStreamAuthentication(db);
    const checks = people.flatMap((person) =>
      person.tokens.map(async (token) => ({
        token,
        expected: token === revoked ? null : person.accountId,
        got: await authenticate(token).then(
          (viewer) => viewer.accountId,
          (err: unknown) => (err instanceof StreamError ? err.status : err),
        ),
      })),
    );
    checks.push(
      authenticate("not-a-token").then(
        () => ({ token: "not-a-token", expected: null, got: "accepted" }),
        (err: StreamError) => ({ token: "not-a-token", expected: null, got: err.status }),
      ),
    );
    const results = await Promise.all(checks);
    expect(selects()).toBe(1);
    for (const { expected, got } of results) expect(got).toEqual(expected ?? 401);

    // A later turn of the event loop is a new batch, and tokens seen a moment ago come from memory.
    const again = await authenticate(people[1]!.tokens[0]!);
    expect(again.accountId).toBe(people[1]!.accountId);
    expect(selects()).toBe(1);
    await expect(authenticate(null)).rejects.toMatchObject({ status: 401, message: "Missing access token" });
  });
});
