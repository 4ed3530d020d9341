import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_SCOPES } from "../support/admin.ts";
import { failureStatus, registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/** Registers by API through an app that may ask for `scopes` (admin:* by default). */
const register = (url: string, username: string, scopes = ADMIN_SCOPES): Promise<UserSession> =>
  registerUser(url, username, scopes);

describe("reports and suspension through a Mastodon client", () => {
  let server: TestServer;
  let admin: UserSession;
  let alice: UserSession;
  let bob: UserSession;
  /** A regular user whose token carries admin scopes: the role, not the scope, must stop her. */
  let mallory: UserSession;
  let post: { id: string };
  let reportId: string;

  const ids = (list: { id: string }[]) => list.map((item) => item.id);
  const call = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    });
  const report = (token: string, body: Record<string, unknown>) =>
    call("/api/v1/reports", token, { method: "POST", body: JSON.stringify(body) });

  beforeAll(async () => {
    server = (await startTestServer())!;
    admin = await register(server.url, "boss");
    alice = await register(server.url, "alice", "read write follow push");
    bob = await register(server.url, "bob", "read write follow push");
    mallory = await register(server.url, "mallory");
    await bob.client.v1.accounts.$select(alice.account.id).follow();
    post = await alice.client.v1.statuses.create({ status: "buy cheap pigments now, spam spam" });
  });
  afterAll(() => server?.stop());

  it("files a report and notifies the admin", async () => {
    const filed = await bob.client.v1.reports.create({
      accountId: alice.account.id,
      statusIds: [post.id],
      comment: "This is spam",
      category: "spam",
    });
    expect(filed).toMatchObject({
      actionTaken: false,
      category: "spam",
      comment: "This is spam",
      forwarded: false,
      statusIds: [post.id],
    });
    expect(filed.targetAccount.username).toBe("alice");
    reportId = filed.id;
    const notifications = await admin.client.v1.notifications.list({ types: ["admin.report"] });
    expect(notifications.map((n) => [n.type, n.account?.username])).toEqual([["admin.report", "bob"]]);
    // Nobody else hears of it.
    const aliceHears = await alice.client.v1.notifications.list();
    expect(aliceHears.filter((n) => n.type === "admin.report")).toEqual([]);
  });

  it("rejects reports about statuses that are not the target's or not visible", async () => {
    const bobs = await bob.client.v1.statuses.create({ status: "mine" });
    const hidden = await alice.client.v1.statuses.create({ status: "for @boss only", visibility: "direct" });
    const base = { account_id: alice.account.id };
    expect((await report(bob.token, { ...base, status_ids: [bobs.id] })).status).toBe(404);
    expect((await report(bob.token, { ...base, status_ids: [hidden.id] })).status).toBe(404);
    expect((await report(bob.token, { ...base, comment: "x".repeat(1001) })).status).toBe(422);
    expect((await report(bob.token, { ...base, category: "rude" })).status).toBe(422);
    expect((await report(bob.token, { ...base, comment: "nul\u0000byte" })).status).toBe(422);
    expect((await report(bob.token, { ...base, rule_ids: ["1"] })).status).toBe(422);
    expect((await report(bob.token, { account_id: "123456789" })).status).toBe(404);
    expect((await report(bob.token, { account_id: "9999999999999999999" })).status).toBe(422);
    expect((await report(bob.token, { ...base, status_ids: ["9999999999999999999"] })).status).toBe(422);
    expect((await report(bob.token, { status_ids: [] })).status).toBe(422);
    expect((await report("bad-token", base)).status).toBe(401);
    const malformed = await call("/api/v1/reports", bob.token, { method: "POST", body: "{nope" });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toHaveProperty("error");
  });

  it("lists reports for admins only", async () => {
    const reports = await admin.client.v1.admin.reports.list();
    const found = reports.find((r) => r.id === reportId)!;
    expect(found.account.username).toBe("bob");
    expect(found.targetAccount.username).toBe("alice");
    expect(ids(found.statuses)).toEqual([post.id]);
    expect(found.actionTaken).toBe(false);
    expect(await failureStatus(Promise.resolve(mallory.client.v1.admin.reports.list()))).toBe(403);
    expect(await failureStatus(Promise.resolve(bob.client.v1.admin.reports.list()))).toBe(403);
    const action = (token: string) =>
      call(`/api/v1/admin/accounts/${alice.account.id}/action`, token, {
        method: "POST",
        body: JSON.stringify({ type: "suspend" }),
      });
    expect((await action(mallory.token)).status).toBe(403);
    expect((await action(bob.token)).status).toBe(403);
    // Nothing happened.
    expect((await alice.client.v1.accounts.verifyCredentials()).username).toBe("alice");
  });

  it("does not let an admin suspend themselves, nor take unsupported actions", async () => {
    const action = (id: string, body: Record<string, unknown>) =>
      call(`/api/v1/admin/accounts/${id}/action`, admin.token, {
        method: "POST",
        body: JSON.stringify(body),
      });
    expect((await action(admin.account.id, { type: "suspend" })).status).toBe(403);
    expect((await action(alice.account.id, { type: "silence" })).status).toBe(422);
    expect((await action(alice.account.id, { type: "vanish" })).status).toBe(422);
    expect((await action("123456789", { type: "suspend" })).status).toBe(404);
    expect((await action(alice.account.id, { type: "suspend", report_id: "123456789" })).status).toBe(404);
  });

  it("suspends: sessions end and the account and its posts disappear everywhere", async () => {
    await admin.client.v1.admin.accounts
      .$select(alice.account.id)
      .action.create({ type: "suspend", reportId });
    expect(await failureStatus(alice.client.v1.accounts.verifyCredentials())).toBe(401);
    expect(await failureStatus(alice.client.v1.statuses.create({ status: "still here?" }))).toBe(401);
    expect(await failureStatus(bob.client.v1.statuses.$select(post.id).fetch())).toBe(404);
    expect((await fetch(`${server.url}/api/v1/statuses/${post.id}`)).status).toBe(404);
    expect(ids(await bob.client.v1.timelines.public.list())).not.toContain(post.id);
    expect(ids(await bob.client.v1.timelines.home.list())).not.toContain(post.id);
    const search = await bob.client.v2.search.list({ q: "pigments", type: "statuses" });
    expect(search.statuses).toEqual([]);
    const people = await bob.client.v2.search.list({ q: "alice", type: "accounts" });
    expect(people.accounts).toEqual([]);
    expect(await failureStatus(bob.client.v1.accounts.$select(alice.account.id).fetch())).toBe(404);
    expect(await failureStatus(bob.client.v1.accounts.lookup({ acct: "alice" }))).toBe(404);
    // Admins still see the account, marked suspended, and the report is resolved.
    const seen = await admin.client.v1.admin.accounts.$select(alice.account.id).fetch();
    expect(seen.suspended).toBe(true);
    const resolved = await admin.client.v1.admin.reports.list({ resolved: true });
    expect(resolved.find((r) => r.id === reportId)?.actionTaken).toBe(true);
    expect((await admin.client.v1.admin.reports.list()).map((r) => r.id)).not.toContain(reportId);
  });

  it("unsuspends: everything comes back, but old sessions stay revoked", async () => {
    const restored = await admin.client.v1.admin.accounts.$select(alice.account.id).unsuspend();
    expect(restored.suspended).toBe(false);
    expect(restored.account.username).toBe("alice");
    expect((await bob.client.v1.statuses.$select(post.id).fetch()).id).toBe(post.id);
    expect(ids(await bob.client.v1.timelines.public.list())).toContain(post.id);
    expect(ids(await bob.client.v1.timelines.home.list())).toContain(post.id);
    const search = await bob.client.v2.search.list({ q: "pigments", type: "statuses" });
    expect(ids(search.statuses)).toEqual([post.id]);
    expect((await bob.client.v1.accounts.lookup({ acct: "alice" })).id).toBe(alice.account.id);
    expect(await failureStatus(alice.client.v1.accounts.verifyCredentials())).toBe(401);
    // Unsuspending an account that is not suspended is refused, as in Mastodon.
    expect(await failureStatus(admin.client.v1.admin.accounts.$select(alice.account.id).unsuspend())).toBe(
      403,
    );
  });

  it("resolves and reopens a report without acting on the account", async () => {
    const filed = await bob.client.v1.reports.create({ accountId: mallory.account.id, comment: "rude" });
    const resolved = await admin.client.v1.admin.reports.$select(filed.id).resolve();
    expect(resolved.actionTaken).toBe(true);
    expect(resolved.actionTakenAt).not.toBeNull();
    const reopened = await admin.client.v1.admin.reports.$select(filed.id).reopen();
    expect(reopened.actionTaken).toBe(false);
    await admin.client.v1.admin.accounts
      .$select(mallory.account.id)
      .action.create({ type: "none", reportId: filed.id });
    expect((await admin.client.v1.admin.reports.$select(filed.id).fetch()).actionTaken).toBe(true);
    expect((await mallory.client.v1.accounts.verifyCredentials()).username).toBe("mallory");
  });
});
