// Notifications and read markers as a Mastodon client sees them.
import type { mastodon } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAdmin } from "../support/admin.ts";
import { failureStatus, registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

describe("notifications through a Mastodon client", () => {
  let server: TestServer;
  let alice: UserSession;
  let bob: UserSession;
  let carol: UserSession;
  let post: mastodon.v1.Status;
  let mention: mastodon.v1.Status;

  const list = (user: UserSession, params: mastodon.rest.v1.ListNotificationsParams = {}) =>
    user.client.v1.notifications.list({ limit: 80, ...params });
  const summary = (notifications: mastodon.v1.Notification[]) =>
    notifications.map((n) => [n.type, n.account.username, n.status?.id ?? null]);

  beforeAll(async () => {
    server = (await startTestServer())!;
    alice = await registerAdmin(server.url, "alice");
    bob = await registerUser(server.url, "bob");
    carol = await registerUser(server.url, "carol");
    post = await alice.client.v1.statuses.create({ status: "my painting" });
    await bob.client.v1.accounts.$select(alice.account.id).follow();
    mention = await bob.client.v1.statuses.create({ status: "@alice nice work" });
    await carol.client.v1.statuses.$select(post.id).favourite();
    await bob.client.v1.statuses.$select(post.id).reblog();
  });
  afterAll(() => server?.stop());

  it("notifies of follows, mentions, favourites and reblogs with the right account and status", async () => {
    const notifications = await list(alice);
    expect(summary(notifications)).toEqual([
      ["reblog", "bob", post.id],
      ["favourite", "carol", post.id],
      ["mention", "bob", mention.id],
      ["follow", "bob", null],
    ]);
    const [reblog, , mentioned, followed] = notifications;
    expect(mentioned!.status?.content).toContain("nice work");
    expect(followed).not.toHaveProperty("status");
    expect(reblog!.status?.reblogsCount).toBe(1);
    expect(mentioned!.groupKey).toBe(`ungrouped-${mentioned!.id}`);
    expect(reblog!.groupKey).toMatch(new RegExp(`^reblog-${post.id}-\\d+$`));
    expect(new Date(followed!.createdAt).getTime()).toBeGreaterThan(0);
    expect(await list(carol)).toEqual([]);
  });

  it("filters by types, exclude_types and account_id", async () => {
    expect(summary(await list(alice, { types: ["mention"] }))).toEqual([["mention", "bob", mention.id]]);
    expect(summary(await list(alice, { types: ["favourite", "follow"] }))).toEqual([
      ["favourite", "carol", post.id],
      ["follow", "bob", null],
    ]);
    const excluded = await list(alice, { excludeTypes: ["reblog", "mention", "follow"] });
    expect(summary(excluded)).toEqual([["favourite", "carol", post.id]]);
    // Clients send types this server doesn't have; they are ignored, not an error.
    const withUnknown = await list(alice, {
      excludeTypes: ["poll", "admin.sign_up"] as mastodon.v1.NotificationType[],
    });
    expect(withUnknown).toHaveLength(4);
    expect(summary(await list(alice, { accountId: carol.account.id }))).toEqual([
      ["favourite", "carol", post.id],
    ]);
  });

  it("paginates with limit and the Link header", async () => {
    const all = await list(alice);
    const res = await fetch(`${server.url}/api/v1/notifications?limit=2`, {
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    const page = (await res.json()) as { id: string }[];
    expect(page.map((n) => n.id)).toEqual(all.slice(0, 2).map((n) => n.id));
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    const rest = (await fetch(next!, { headers: { Authorization: `Bearer ${alice.token}` } }).then((r) =>
      r.json(),
    )) as { id: string }[];
    expect(rest.map((n) => n.id)).toEqual(all.slice(2, 4).map((n) => n.id));
  });

  it("fetches one notification, only for its recipient", async () => {
    const [first] = await list(alice);
    const fetched = await alice.client.v1.notifications.$select(first!.id).fetch();
    expect(fetched.id).toBe(first!.id);
    expect(fetched.type).toBe("reblog");
    expect(await failureStatus(bob.client.v1.notifications.$select(first!.id).fetch())).toBe(404);
    expect(await failureStatus(alice.client.v1.notifications.$select("123").fetch())).toBe(404);
  });

  it("hides notifications from blocked accounts", async () => {
    const dave = await registerUser(server.url);
    const own = await carol.client.v1.statuses.create({ status: "carol's" });
    await dave.client.v1.statuses.$select(own.id).favourite();
    expect(summary(await list(carol, { types: ["favourite"] }))).toEqual([
      ["favourite", dave.account.username, own.id],
    ]);
    await carol.client.v1.accounts.$select(dave.account.id).block();
    expect(await list(carol, { types: ["favourite"] })).toEqual([]);
  });

  it("hides notifications whose status the recipient can no longer see", async () => {
    const erin = await registerUser(server.url);
    await erin.client.v1.accounts.$select(bob.account.id).follow({ notify: true });
    const priv = await bob.client.v1.statuses.create({ status: "followers only", visibility: "private" });
    expect(summary(await list(erin, { types: ["status"] }))).toEqual([["status", "bob", priv.id]]);
    await erin.client.v1.accounts.$select(bob.account.id).unfollow();
    expect(await list(erin, { types: ["status"] })).toEqual([]);
    // A deleted status takes its notifications with it.
    const gone = await bob.client.v1.statuses.create({ status: `@${erin.account.username} soon gone` });
    expect(summary(await list(erin, { types: ["mention"] }))).toEqual([["mention", "bob", gone.id]]);
    await bob.client.v1.statuses.$select(gone.id).remove();
    expect(await list(erin, { types: ["mention"] })).toEqual([]);
  });

  it("counts unread notifications against the notifications marker", async () => {
    const all = await list(alice);
    expect((await alice.client.v1.notifications.unreadCount.fetch()).count).toBe(all.length);
    await alice.client.v1.markers.create({ notifications: { lastReadId: all[1]!.id } });
    expect((await alice.client.v1.notifications.unreadCount.fetch()).count).toBe(1);
    expect((await alice.client.v1.notifications.unreadCount.fetch({ limit: 1 })).count).toBe(1);
  });

  it("round-trips markers, counting versions", async () => {
    const user = await registerUser(server.url);
    expect(await user.client.v1.markers.fetch({ timeline: ["home", "notifications"] })).toEqual({});
    const created = await user.client.v1.markers.create({ home: { lastReadId: "1000" } });
    expect(created.home).toMatchObject({ lastReadId: "1000", version: 0 });
    const moved = await user.client.v1.markers.create({
      home: { lastReadId: "2000" },
      notifications: { lastReadId: "5" },
    });
    expect(moved.home).toMatchObject({ lastReadId: "2000", version: 1 });
    expect(moved.notifications).toMatchObject({ lastReadId: "5", version: 0 });
    const same = await user.client.v1.markers.create({ home: { lastReadId: "2000" } });
    expect(same.home?.version).toBe(1);
    const fetched = await user.client.v1.markers.fetch({ timeline: ["home", "notifications"] });
    expect(fetched.home).toMatchObject({ lastReadId: "2000", version: 1 });
    expect(fetched.notifications?.lastReadId).toBe("5");
    expect(new Date(fetched.home!.updatedAt).getTime()).toBeGreaterThan(0);
    expect(Object.keys(await user.client.v1.markers.fetch({ timeline: ["home"] }))).toEqual(["home"]);
    const bad = await fetch(`${server.url}/api/v1/markers`, {
      method: "POST",
      headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ home: { last_read_id: "not-an-id" } }),
    });
    expect(bad.status).toBe(422);
    const outOfRange = await fetch(`${server.url}/api/v1/markers`, {
      method: "POST",
      headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ home: { last_read_id: "9999999999999999999" } }),
    });
    expect(outOfRange.status).toBe(422);
    expect(await bad.json()).toHaveProperty("error");
  });

  it("dismisses one notification, then clears them all", async () => {
    const before = await list(alice);
    await alice.client.v1.notifications.$select(before[0]!.id).dismiss();
    expect((await list(alice)).map((n) => n.id)).toEqual(before.slice(1).map((n) => n.id));
    expect(await failureStatus(alice.client.v1.notifications.$select(before[0]!.id).dismiss())).toBe(404);
    expect(await failureStatus(bob.client.v1.notifications.$select(before[1]!.id).dismiss())).toBe(404);
    await alice.client.v1.notifications.clear();
    expect(await list(alice)).toEqual([]);
    expect((await alice.client.v1.notifications.unreadCount.fetch()).count).toBe(0);
  });

  it("carries the report in admin.report notifications", async () => {
    await carol.client.v1.reports.create({
      accountId: bob.account.id,
      comment: "rude",
      statusIds: [mention.id],
    });
    const [n] = await list(alice, { types: ["admin.report"] });
    expect(n?.account.username).toBe("carol");
    expect(n?.report?.targetAccount.id).toBe(bob.account.id);
    expect(n?.report?.comment).toBe("rude");
    expect(n?.report?.statusIds).toEqual([mention.id]);
  });

  it("hides notifications from suspended accounts", async () => {
    const spammer = await registerUser(server.url);
    await spammer.client.v1.statuses.$select(post.id).favourite();
    const fromSpammer = () => list(alice, { accountId: spammer.account.id });
    expect(summary(await fromSpammer())).toEqual([["favourite", spammer.account.username, post.id]]);
    const unread = (await alice.client.v1.notifications.unreadCount.fetch()).count;
    await alice.client.v1.admin.accounts.$select(spammer.account.id).action.create({ type: "suspend" });
    expect(await fromSpammer()).toEqual([]);
    expect((await alice.client.v1.notifications.unreadCount.fetch()).count).toBe(unread - 1);
  });

  it("answers with Mastodon's errors for bad tokens, scopes and input", async () => {
    expect((await fetch(`${server.url}/api/v1/notifications`)).status).toBe(401);
    for (const id of ["abc", "9999999999999999999"]) {
      const badId = await fetch(`${server.url}/api/v1/notifications?account_id=${id}`, {
        headers: { Authorization: `Bearer ${alice.token}` },
      });
      expect(badId.status).toBe(422);
      expect(await badId.json()).toHaveProperty("error");
    }
  });
});
