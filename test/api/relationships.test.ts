// Follows, follow requests, blocks and mutes, followers/following and an account's statuses, as a
// Mastodon client sees them, on PGlite and (when a server is reachable) PostgreSQL.
import type { mastodon } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patternImage } from "../../src/media/test-fixtures.ts";
import { createAppClient, failureStatus, registerUser, type UserSession } from "../support/clients.ts";
import { postgresAvailable } from "../support/postgres.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const drivers = [
  { driver: "pglite" as const, available: true },
  { driver: "postgres" as const, available: await postgresAvailable() },
];

const ids = (items: { id: string }[]) => items.map((item) => item.id);

async function relationship(from: UserSession, to: UserSession) {
  const [rel] = await from.client.v1.accounts.relationships.fetch({ id: [to.account.id] });
  return rel!;
}

async function account(of: UserSession) {
  return of.client.v1.accounts.$select(of.account.id).fetch();
}

/** Raw request: status, JSON body and the Link header's rel → url map. */
async function call(url: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { "Content-Type": "application/json" } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : null,
  });
  const links: Record<string, string> = {};
  for (const match of (res.headers.get("link") ?? "").matchAll(/<([^>]+)>;\s*rel="(\w+)"/g)) {
    links[match[2]!] = match[1]!;
  }
  return { status: res.status, body: (await res.json()) as unknown, links };
}

/**
 * A user whose token carries only `scopes` (plus write:accounts, which registering by API needs):
 * registration hands the new user a token with the app token's scopes.
 */
async function userWithScopes(url: string, name: string, scopes: string): Promise<string> {
  const { appToken } = await createAppClient(url, `${scopes} write:accounts`);
  const res = await call(`${url}/api/v1/accounts`, {
    method: "POST",
    token: appToken,
    body: { username: name, email: `${name}@example.test`, password: "a long password", agreement: true },
  });
  expect(res.status).toBe(200);
  return (res.body as { access_token: string }).access_token;
}

for (const { driver, available } of drivers) {
  describe.skipIf(!available)(`relationships on ${driver}`, () => {
    let server: TestServer;
    let n = 0;
    const user = () => registerUser(server.url, `${driver.slice(0, 2)}u${n++}`);
    beforeAll(async () => {
      server = (await startTestServer({ driver }))!;
    });
    afterAll(() => server?.stop());

    it("follows and unfollows, with counters and relationships on both sides", async () => {
      const [alice, bob] = [await user(), await user()];
      const followed = await alice.client.v1.accounts.$select(bob.account.id).follow();
      expect(followed).toMatchObject({ id: bob.account.id, following: true, showingReblogs: true });
      expect(followed).toMatchObject({ notifying: false, requested: false, followedBy: false });
      expect(await relationship(bob, alice)).toMatchObject({ following: false, followedBy: true });
      expect((await account(alice)).followingCount).toBe(1);
      expect((await account(bob)).followersCount).toBe(1);
      const notes = await bob.client.v1.notifications.list({ types: ["follow"] });
      expect(notes.map((note) => [note.type, note.account?.id])).toEqual([["follow", alice.account.id]]);

      const again = await alice.client.v1.accounts
        .$select(bob.account.id)
        .follow({ reblogs: false, notify: true });
      expect(again).toMatchObject({ following: true, showingReblogs: false, notifying: true });
      expect((await account(bob)).followersCount).toBe(1);
      const following = await alice.client.v1.accounts.$select(alice.account.id).following.list();
      expect(ids(following)).toEqual([bob.account.id]);

      const unfollowed = await alice.client.v1.accounts.$select(bob.account.id).unfollow();
      expect(unfollowed).toMatchObject({ following: false, showingReblogs: false, notifying: false });
      expect(await relationship(bob, alice)).toMatchObject({ followedBy: false });
      expect((await account(alice)).followingCount).toBe(0);
      expect((await account(bob)).followersCount).toBe(0);
      expect(await bob.client.v1.notifications.list({ types: ["follow"] })).toEqual([]);
      expect(await failureStatus(alice.client.v1.accounts.$select(alice.account.id).follow())).toBe(403);

      await alice.client.v1.accounts.$select(bob.account.id).follow();
      await bob.client.v1.accounts.$select(alice.account.id).removeFromFollowers();
      expect(await relationship(alice, bob)).toMatchObject({ following: false, followedBy: false });
      expect((await account(bob)).followersCount).toBe(0);
    });

    it("backfills the home feed on follow and empties it on unfollow", async () => {
      const [alice, bob] = [await user(), await user()];
      const earlier = await bob.client.v1.statuses.create({ status: "before you came" });
      const secret = await bob.client.v1.statuses.create({ status: "followers only", visibility: "private" });
      await alice.client.v1.accounts.$select(bob.account.id).follow();
      const home = ids(await alice.client.v1.timelines.home.list({ limit: 40 }));
      expect(home).toEqual(expect.arrayContaining([earlier.id, secret.id]));
      await alice.client.v1.accounts.$select(bob.account.id).unfollow();
      expect(ids(await alice.client.v1.timelines.home.list({ limit: 40 }))).toEqual([]);
      expect(await failureStatus(alice.client.v1.statuses.$select(secret.id).fetch())).toBe(404);
    });

    it("asks a locked account, which authorizes or rejects; unlocking lets everyone in", async () => {
      const [carol, dave, erin, frank] = [await user(), await user(), await user(), await user()];
      await carol.client.v1.accounts.updateCredentials({ locked: true });
      const asked = await dave.client.v1.accounts.$select(carol.account.id).follow({ notify: true });
      expect(asked).toMatchObject({ following: false, requested: true, notifying: true });
      expect(await relationship(carol, dave)).toMatchObject({ requestedBy: true, followedBy: false });
      expect((await account(carol)).followersCount).toBe(0);
      const verified = await carol.client.v1.accounts.verifyCredentials();
      expect(verified.source.followRequestsCount).toBe(1);
      expect(ids(await carol.client.v1.followRequests.list())).toEqual([dave.account.id]);
      const notes = await carol.client.v1.notifications.list({ types: ["follow_request"] });
      expect(notes.map((note) => note.account?.id)).toEqual([dave.account.id]);

      const authorized = await carol.client.v1.followRequests.$select(dave.account.id).authorize();
      expect(authorized).toMatchObject({ id: dave.account.id, followedBy: true, requestedBy: false });
      expect(await relationship(dave, carol)).toMatchObject({
        following: true,
        requested: false,
        notifying: true,
      });
      expect((await account(carol)).followersCount).toBe(1);
      expect((await account(dave)).followingCount).toBe(1);
      expect(await carol.client.v1.followRequests.list()).toEqual([]);
      expect(await failureStatus(carol.client.v1.followRequests.$select(dave.account.id).authorize())).toBe(
        404,
      );

      await erin.client.v1.accounts.$select(carol.account.id).follow();
      const rejected = await carol.client.v1.followRequests.$select(erin.account.id).reject();
      expect(rejected).toMatchObject({ followedBy: false, requestedBy: false });
      expect(await relationship(erin, carol)).toMatchObject({ following: false, requested: false });

      await erin.client.v1.accounts.$select(carol.account.id).follow();
      const withdrawn = await erin.client.v1.accounts.$select(carol.account.id).unfollow();
      expect(withdrawn).toMatchObject({ following: false, requested: false });
      expect(await carol.client.v1.followRequests.list()).toEqual([]);

      await frank.client.v1.accounts.$select(carol.account.id).follow();
      await carol.client.v1.accounts.updateCredentials({ locked: false });
      expect(await relationship(frank, carol)).toMatchObject({ following: true, requested: false });
      expect((await account(carol)).followersCount).toBe(2);
    });

    it("blocks: follows go both ways, and each side's posts leave the other's view", async () => {
      const [alice, bob] = [await user(), await user()];
      await alice.client.v1.accounts.$select(bob.account.id).follow();
      await bob.client.v1.accounts.$select(alice.account.id).follow();
      const alicePost = await alice.client.v1.statuses.create({ status: "alice speaks" });
      const bobPost = await bob.client.v1.statuses.create({ status: "bob speaks" });
      // Mentioned, bob could still open this one; a blocking author's profile shows him nothing.
      await alice.client.v1.statuses.create({ status: `@${bob.account.username} hi`, visibility: "direct" });
      expect(ids(await alice.client.v1.timelines.home.list())).toContain(bobPost.id);

      const blocked = await alice.client.v1.accounts.$select(bob.account.id).block();
      expect(blocked).toMatchObject({ blocking: true, following: false, followedBy: false });
      expect(await relationship(bob, alice)).toMatchObject({ blockedBy: true, following: false });
      for (const who of [alice, bob]) {
        const counts = await account(who);
        expect([counts.followersCount, counts.followingCount]).toEqual([0, 0]);
      }
      expect(await failureStatus(bob.client.v1.statuses.$select(alicePost.id).fetch())).toBe(404);
      expect(await bob.client.v1.accounts.$select(alice.account.id).statuses.list()).toEqual([]);
      expect(ids(await bob.client.v1.timelines.home.list())).not.toContain(alicePost.id);
      expect(ids(await alice.client.v1.timelines.home.list())).not.toContain(bobPost.id);
      expect(ids(await alice.client.v1.timelines.public.list({ limit: 40 }))).not.toContain(bobPost.id);
      expect(ids(await alice.client.v1.blocks.list())).toEqual([bob.account.id]);
      expect(await failureStatus(bob.client.v1.accounts.$select(alice.account.id).follow())).toBe(403);
      expect(await failureStatus(alice.client.v1.accounts.$select(bob.account.id).follow())).toBe(403);

      const unblocked = await alice.client.v1.accounts.$select(bob.account.id).unblock();
      expect(unblocked).toMatchObject({ blocking: false, following: false });
      expect((await bob.client.v1.statuses.$select(alicePost.id).fetch()).id).toBe(alicePost.id);
      expect(await alice.client.v1.blocks.list()).toEqual([]);
    });

    it("mutes: the muted account leaves the home feed until unmuted", async () => {
      const [alice, bob] = [await user(), await user()];
      await bob.client.v1.accounts.$select(alice.account.id).follow();
      const before = await alice.client.v1.statuses.create({ status: "before the mute" });
      expect(ids(await bob.client.v1.timelines.home.list())).toEqual([before.id]);

      const muted = await bob.client.v1.accounts.$select(alice.account.id).mute();
      expect(muted).toMatchObject({ muting: true, mutingNotifications: true, following: true });
      const during = await alice.client.v1.statuses.create({ status: "while muted" });
      expect(await bob.client.v1.timelines.home.list()).toEqual([]);
      const mutes = await bob.client.v1.mutes.list();
      expect(ids(mutes)).toEqual([alice.account.id]);
      expect((mutes[0] as unknown as { mute_expires_at?: unknown }).mute_expires_at ?? null).toBeNull();
      const quieter = await bob.client.v1.accounts.$select(alice.account.id).mute({ notifications: false });
      expect(quieter).toMatchObject({ muting: true, mutingNotifications: false });
      expect(
        await failureStatus(bob.client.v1.accounts.$select(alice.account.id).mute({ duration: 3600 })),
      ).toBe(422);

      const unmuted = await bob.client.v1.accounts.$select(alice.account.id).unmute();
      expect(unmuted).toMatchObject({ muting: false, following: true });
      expect(ids(await bob.client.v1.timelines.home.list())).toEqual([during.id, before.id]);
      expect(await bob.client.v1.mutes.list()).toEqual([]);
    });

    it("walks followers and following one page at a time through Link headers", async () => {
      const star = await user();
      const fans = [await user(), await user(), await user()];
      for (const fan of fans) {
        await fan.client.v1.accounts.$select(star.account.id).follow();
        await star.client.v1.accounts.$select(fan.account.id).follow();
      }
      const newestFirst = ids(fans.map((fan) => fan.account)).reverse();
      for (const list of ["followers", "following"]) {
        const seen: string[] = [];
        let next: string | undefined = `${server.url}/api/v1/accounts/${star.account.id}/${list}?limit=1`;
        while (next) {
          const page = await call(next);
          expect(page.status).toBe(200);
          const body = page.body as { id: string }[];
          if (!body.length) break;
          expect(body).toHaveLength(1);
          expect(page.links.prev).toContain("min_id=");
          seen.push(...ids(body));
          next = page.links.next;
        }
        expect(seen).toEqual(newestFirst);
      }
      const viaMasto: string[] = [];
      for await (const page of star.client.v1.accounts
        .$select(star.account.id)
        .followers.list({ limit: 1 })) {
        viaMasto.push(...ids(page));
      }
      expect(viaMasto).toEqual(newestFirst);
    });

    it("answers relationships in the order asked, leaving out unknown ids", async () => {
      const [alice, bob, carol] = [await user(), await user(), await user()];
      await alice.client.v1.accounts.$select(carol.account.id).follow();
      const rels = await alice.client.v1.accounts.relationships.fetch({
        id: [carol.account.id, "999999", bob.account.id, carol.account.id, "nonsense"],
      });
      expect(rels.map((r) => [r.id, r.following])).toEqual([
        [carol.account.id, true],
        [bob.account.id, false],
      ]);
      const raw = await call(`${server.url}/api/v1/accounts/relationships?id[]=${carol.account.id}`, {
        token: alice.token,
      });
      expect(raw.body).toEqual([
        {
          id: carol.account.id,
          following: true,
          showing_reblogs: true,
          notifying: false,
          languages: null,
          followed_by: false,
          blocking: false,
          blocked_by: false,
          muting: false,
          muting_notifications: false,
          requested: false,
          requested_by: false,
          domain_blocking: false,
          endorsed: false,
          note: "",
        },
      ]);
    });

    it("filters an account's statuses: replies, reblogs, media, tags and pins", async () => {
      const [author, other] = [await user(), await user()];
      const elsewhere = await other.client.v1.statuses.create({ status: "a thought" });
      const first = await author.client.v1.statuses.create({ status: "first #Sketch" });
      const reply = await author.client.v1.statuses.create({
        status: "@x agreed",
        inReplyToId: elsewhere.id,
      });
      const thread = await author.client.v1.statuses.create({ status: "and more", inReplyToId: first.id });
      const reblog = await author.client.v1.statuses.$select(elsewhere.id).reblog();
      const png = await patternImage(48, 32).png().toBuffer();
      const media = await author.client.v2.media.create({
        file: new Blob([new Uint8Array(png)], { type: "image/png" }),
      });
      const picture = await author.client.v1.statuses.create({ status: "look", mediaIds: [media.id] });
      await author.client.v1.statuses.$select(picture.id).pin();
      await author.client.v1.statuses.$select(first.id).pin();

      const list = (params: mastodon.rest.v1.ListAccountStatusesParams = {}) =>
        other.client.v1.accounts.$select(author.account.id).statuses.list(params).then(ids);
      expect(await list()).toEqual([picture.id, reblog.id, thread.id, reply.id, first.id]);
      expect(await list({ excludeReplies: true })).toEqual([picture.id, reblog.id, thread.id, first.id]);
      expect(await list({ excludeReblogs: true })).toEqual([picture.id, thread.id, reply.id, first.id]);
      expect(await list({ onlyMedia: true })).toEqual([picture.id]);
      expect(await list({ tagged: "sketch" })).toEqual([first.id]);
      expect(await list({ pinned: true })).toEqual([first.id, picture.id]);

      const page = await call(`${server.url}/api/v1/accounts/${author.account.id}/statuses?limit=2`);
      expect(ids(page.body as { id: string }[])).toEqual([picture.id, reblog.id]);
      const rest = await call(page.links.next!);
      expect(ids(rest.body as { id: string }[])).toEqual([thread.id, reply.id]);
    });

    it("shows private posts to followers only and direct posts to those mentioned", async () => {
      const [author, follower, stranger] = [await user(), await user(), await user()];
      await follower.client.v1.accounts.$select(author.account.id).follow();
      const open = await author.client.v1.statuses.create({ status: "hello all" });
      const secret = await author.client.v1.statuses.create({ status: "friends", visibility: "private" });
      const whisper = await author.client.v1.statuses.create({
        status: `@${follower.account.username} psst`,
        visibility: "direct",
      });
      const seenBy = (who: UserSession) =>
        who.client.v1.accounts.$select(author.account.id).statuses.list().then(ids);
      expect(await seenBy(follower)).toEqual([whisper.id, secret.id, open.id]);
      expect(await seenBy(stranger)).toEqual([open.id]);
      expect(await seenBy(author)).toEqual([whisper.id, secret.id, open.id]);
      const anonymous = await call(`${server.url}/api/v1/accounts/${author.account.id}/statuses`);
      expect(ids(anonymous.body as { id: string }[])).toEqual([open.id]);
      expect(
        ids(
          await author.client.v1.accounts.$select(author.account.id).statuses.list({ excludeDirect: true }),
        ),
      ).toEqual([secret.id, open.id]);
    });

    it("answers bad ids with 404 and missing scopes with 403, as JSON", async () => {
      const alice = await user();
      for (const path of [
        "/api/v1/accounts/abc/follow",
        "/api/v1/accounts/99999999999/follow",
        "/api/v1/accounts/99999999999999999999/block",
        "/api/v1/accounts/99999999999/mute",
        "/api/v1/follow_requests/99999999999/authorize",
        "/api/v1/follow_requests/abc/reject",
      ]) {
        const res = await call(`${server.url}${path}`, { method: "POST", token: alice.token });
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.body).toEqual({ error: expect.any(String) });
      }
      for (const path of ["abc", "99999999999/statuses", "99999999999/followers", "abc/following"]) {
        const res = await call(`${server.url}/api/v1/accounts/${path}`, { token: alice.token });
        expect([path, res.status]).toEqual([path, 404]);
      }
      const bad = await call(`${server.url}/api/v1/accounts/${alice.account.id}/statuses?limit=x`);
      expect(bad.status).toBe(422);

      const readOnly = await userWithScopes(server.url, `${driver.slice(0, 2)}reader`, "read");
      const follow = await call(`${server.url}/api/v1/accounts/${alice.account.id}/follow`, {
        method: "POST",
        token: readOnly,
      });
      expect([follow.status, follow.body]).toEqual([403, { error: expect.any(String) }]);
      const followsOnly = await userWithScopes(server.url, `${driver.slice(0, 2)}follower`, "write:follows");
      for (const path of ["/api/v1/blocks", "/api/v1/mutes", "/api/v1/follow_requests"]) {
        expect((await call(`${server.url}${path}`, { token: followsOnly })).status).toBe(403);
      }
      const blockAttempt = await call(`${server.url}/api/v1/accounts/${alice.account.id}/block`, {
        method: "POST",
        token: followsOnly,
      });
      expect(blockAttempt.status).toBe(403);
      const allowed = await call(`${server.url}/api/v1/accounts/${alice.account.id}/follow`, {
        method: "POST",
        token: followsOnly,
      });
      expect(allowed.status).toBe(200);
      expect((await call(`${server.url}/api/v1/blocks`)).status).toBe(401);
    });
  });
}
