// Home, public and hashtag timelines, bookmarks and favourites, as a Mastodon client sees them, on
// PGlite and (when a server is reachable) PostgreSQL.
import type { mastodon } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patternImage } from "../../src/media/test-fixtures.ts";
import { registerAdmin } from "../support/admin.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { postgresAvailable } from "../support/postgres.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const drivers = [
  { driver: "pglite" as const, available: true },
  { driver: "postgres" as const, available: await postgresAvailable() },
];

const ids = (statuses: mastodon.v1.Status[]) => statuses.map((s) => s.id);

/** Follows through the API, as a client would. */
async function follow(from: UserSession, to: UserSession) {
  await from.client.v1.accounts.$select(to.account.id).follow();
}

/** GET with a bearer token; returns the JSON body and the parsed Link header. */
async function getPage(url: string, token?: string) {
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  const links: Record<string, string> = {};
  for (const match of (res.headers.get("link") ?? "").matchAll(/<([^>]+)>;\s*rel="(\w+)"/g)) {
    links[match[2]!] = match[1]!;
  }
  return { body: (await res.json()) as { id: string; reblog: { id: string } | null }[], links };
}

for (const { driver, available } of drivers) {
  describe.skipIf(!available)(`timelines on ${driver}`, () => {
    let server: TestServer;
    let alice: UserSession;
    let bob: UserSession;
    let carol: UserSession;
    let dave: UserSession;
    const home = (user: UserSession, params: mastodon.rest.v1.ListTimelineParams = {}) =>
      user.client.v1.timelines.home.list({ limit: 40, ...params });

    beforeAll(async () => {
      server = (await startTestServer({ driver }))!;
      alice = await registerAdmin(server.url, "alice"); // the first account: admin
      bob = await registerUser(server.url, "bob");
      carol = await registerUser(server.url, "carol");
      dave = await registerUser(server.url, "dave");
      await follow(alice, bob);
      await follow(alice, dave);
      await follow(dave, bob);
    });
    afterAll(() => server?.stop());

    it("shows a followed account's posts in the home timeline, and one's own", async () => {
      const post = await bob.client.v1.statuses.create({ status: "good morning" });
      const own = await alice.client.v1.statuses.create({ status: "my own" });
      const timeline = await home(alice);
      expect(ids(timeline).slice(0, 2)).toEqual([own.id, post.id]);
      expect(timeline[1]!.account.username).toBe("bob");
      expect(ids(await home(carol))).not.toContain(post.id);
    });

    it("filters replies to accounts one doesn't follow, as Mastodon does", async () => {
      const carolsPost = await carol.client.v1.statuses.create({ status: "carol here" });
      const toCarol = await bob.client.v1.statuses.create({
        status: "@carol hi",
        inReplyToId: carolsPost.id,
      });
      const thread = await bob.client.v1.statuses.create({ status: "a thread" });
      const selfReply = await bob.client.v1.statuses.create({ status: "continued", inReplyToId: thread.id });
      const seen = ids(await home(alice));
      expect(seen).not.toContain(toCarol.id);
      expect(seen).toContain(selfReply.id);
      await follow(alice, carol);
      const again = await bob.client.v1.statuses.create({
        status: "@carol again",
        inReplyToId: carolsPost.id,
      });
      expect(ids(await home(alice))).toContain(again.id);
    });

    it("shows a status reblogged by two followed accounts once", async () => {
      const erin = await registerUser(server.url);
      const original = await erin.client.v1.statuses.create({ status: "reblog me" });
      const first = await bob.client.v1.statuses.$select(original.id).reblog();
      await dave.client.v1.statuses.$select(original.id).reblog();
      const timeline = await home(alice);
      const entries = timeline.filter((s) => s.id === original.id || s.reblog?.id === original.id);
      expect(entries.map((s) => s.id)).toEqual([first.id]);
      expect(entries[0]!.reblog?.content).toBe("<p>reblog me</p>");
      expect(entries[0]!.account.username).toBe("bob");
    });

    it("shows private posts only to followers, and direct posts only to who they mention", async () => {
      const priv = await bob.client.v1.statuses.create({ status: "followers only", visibility: "private" });
      const direct = await bob.client.v1.statuses.create({ status: "@alice psst", visibility: "direct" });
      const aliceHome = ids(await home(alice));
      expect(aliceHome).toContain(priv.id);
      expect(aliceHome).toContain(direct.id);
      const daveHome = ids(await home(dave));
      expect(daveHome).toContain(priv.id);
      expect(daveHome).not.toContain(direct.id);
      const carolHome = ids(await home(carol));
      expect(carolHome).not.toContain(priv.id);
      expect(carolHome).not.toContain(direct.id);
    });

    it("drops entries the viewer may no longer see once they unfollow", async () => {
      const frank = await registerUser(server.url);
      await follow(frank, bob);
      const priv = await bob.client.v1.statuses.create({ status: "for followers", visibility: "private" });
      expect(ids(await home(frank))).toContain(priv.id);
      await frank.client.v1.accounts.$select(bob.account.id).unfollow();
      expect(ids(await home(frank))).not.toContain(priv.id);
    });

    describe("pagination", () => {
      let pager: UserSession;
      let posted: string[]; // newest first
      beforeAll(async () => {
        pager = await registerUser(server.url);
        posted = [];
        for (let i = 1; i <= 5; i++) {
          posted.unshift((await pager.client.v1.statuses.create({ status: `post ${i}` })).id);
        }
      });

      it("walks with limit and max_id", async () => {
        const pages: string[][] = [];
        let maxId: string | undefined;
        for (;;) {
          const page = ids(await home(pager, { limit: 2, ...(maxId ? { maxId } : {}) }));
          if (!page.length) break;
          pages.push(page);
          maxId = page.at(-1);
        }
        expect(pages).toEqual([posted.slice(0, 2), posted.slice(2, 4), posted.slice(4)]);
      });

      it("walks the Link header next and prev", async () => {
        const url = `${server.url}/api/v1/timelines/home?limit=2`;
        const first = await getPage(url, pager.token);
        expect(first.body.map((s) => s.id)).toEqual(posted.slice(0, 2));
        expect(new URL(first.links.next!).searchParams.get("max_id")).toBe(posted[1]);
        expect(new URL(first.links.prev!).searchParams.get("min_id")).toBe(posted[0]);
        expect(new URL(first.links.next!).searchParams.get("limit")).toBe("2");
        const second = await getPage(first.links.next!, pager.token);
        expect(second.body.map((s) => s.id)).toEqual(posted.slice(2, 4));
        const third = await getPage(second.links.next!, pager.token);
        expect(third.body.map((s) => s.id)).toEqual(posted.slice(4));
        const end = await getPage(third.links.next!, pager.token);
        expect(end.body).toEqual([]);
        expect(end.links).toEqual({});
        // Back towards newer posts with min_id: the page just after, newest first.
        const back = await getPage(third.links.prev!, pager.token);
        expect(back.body.map((s) => s.id)).toEqual(posted.slice(2, 4));
        const top = await getPage(back.links.prev!, pager.token);
        expect(top.body.map((s) => s.id)).toEqual(posted.slice(0, 2));
        expect((await getPage(top.links.prev!, pager.token)).body).toEqual([]);
      });

      it("pages through the masto client's paginator", async () => {
        const pages: string[][] = [];
        for await (const page of pager.client.v1.timelines.home.list({ limit: 2 })) pages.push(ids(page));
        // Like Mastodon, the last full page still links on; that link finds nothing and has no Link.
        expect(pages).toEqual([posted.slice(0, 2), posted.slice(2, 4), posted.slice(4), []]);
      });

      it("distinguishes since_id (newest first) from min_id (just after)", async () => {
        expect(ids(await home(pager, { limit: 2, sinceId: posted[4]! }))).toEqual(posted.slice(0, 2));
        expect(ids(await home(pager, { limit: 2, minId: posted[4]! }))).toEqual(posted.slice(2, 4));
      });

      it("rejects malformed pagination parameters", async () => {
        for (const query of ["max_id=abc", "limit=-1", "since_id=1.5"]) {
          const res = await fetch(`${server.url}/api/v1/timelines/home?${query}`, {
            headers: { Authorization: `Bearer ${pager.token}` },
          });
          expect(res.status).toBe(422);
          expect(await res.json()).toHaveProperty("error");
        }
        expect((await fetch(`${server.url}/api/v1/timelines/home`)).status).toBe(401);
      });
    });

    it("keeps the public timeline to public, original posts", async () => {
      const author = await registerUser(server.url);
      const posts = Object.fromEntries(
        await Promise.all(
          (["public", "unlisted", "private", "direct"] as const).map(async (visibility) => [
            visibility,
            (await author.client.v1.statuses.create({ status: `a ${visibility} post`, visibility })).id,
          ]),
        ),
      ) as Record<string, string>;
      const reblog = await author.client.v1.statuses.$select(posts.public!).reblog();
      const anonymous = await getPage(`${server.url}/api/v1/timelines/public?limit=40`);
      const seen = anonymous.body.map((s) => s.id);
      expect(seen).toContain(posts.public);
      for (const hidden of [posts.unlisted, posts.private, posts.direct, reblog.id]) {
        expect(seen).not.toContain(hidden);
      }
      const local = ids(await carol.client.v1.timelines.public.list({ local: true, limit: 40 }));
      expect(local).toContain(posts.public);
      expect(await carol.client.v1.timelines.public.list({ remote: true })).toEqual([]);
    });

    it("filters the public timeline to posts with media", async () => {
      const png = await patternImage(64, 64).png().toBuffer();
      const media = await bob.client.v2.media.create({ file: new Blob([new Uint8Array(png)]) });
      const withMedia = await bob.client.v1.statuses.create({ status: "a picture", mediaIds: [media.id] });
      const plain = await bob.client.v1.statuses.create({ status: "just words" });
      const onlyMedia = ids(await alice.client.v1.timelines.public.list({ onlyMedia: true, limit: 40 }));
      expect(onlyMedia).toContain(withMedia.id);
      expect(onlyMedia).not.toContain(plain.id);
      const all = ids(await alice.client.v1.timelines.public.list({ limit: 40 }));
      expect(all).toEqual(expect.arrayContaining([withMedia.id, plain.id]));
    });

    it("finds hashtags case-insensitively, with any/all/none", async () => {
      const watercolor = await carol.client.v1.statuses.create({ status: "wet on wet #Watercolor" });
      const both = await carol.client.v1.statuses.create({ status: "#watercolor #Portrait" });
      const portrait = await carol.client.v1.statuses.create({ status: "a face #portrait" });
      const unlisted = await carol.client.v1.statuses.create({
        status: "quiet #watercolor",
        visibility: "unlisted",
      });
      const tag = (name: string, params: Record<string, unknown> = {}) =>
        alice.client.v1.timelines.tag.$select(name).list(params).then(ids);
      expect(await tag("WATERCOLOR")).toEqual([both.id, watercolor.id]);
      expect(await tag("watercolor", { any: ["portrait"] })).toEqual([portrait.id, both.id, watercolor.id]);
      expect(await tag("watercolor", { all: ["PORTRAIT"] })).toEqual([both.id]);
      expect(await tag("watercolor", { none: ["portrait"] })).toEqual([watercolor.id]);
      expect(await tag("nosuchtag")).toEqual([]);
      expect(await tag("watercolor")).not.toContain(unlisted.id);
      const anonymous = await getPage(`${server.url}/api/v1/timelines/tag/Watercolor`);
      expect(anonymous.body.map((s) => s.id)).toEqual([both.id, watercolor.id]);
    });

    it("lists bookmarks and favourites newest mark first, paginated by the mark", async () => {
      const reader = await registerUser(server.url);
      const older = await bob.client.v1.statuses.create({ status: "older" });
      const newer = await bob.client.v1.statuses.create({ status: "newer" });
      await reader.client.v1.statuses.$select(newer.id).bookmark();
      await reader.client.v1.statuses.$select(older.id).bookmark();
      await reader.client.v1.statuses.$select(older.id).favourite();
      const bookmarks = await reader.client.v1.bookmarks.list();
      expect(ids(bookmarks)).toEqual([older.id, newer.id]);
      expect(bookmarks.every((s) => s.bookmarked)).toBe(true);
      const favourites = await reader.client.v1.favourites.list();
      expect(ids(favourites)).toEqual([older.id]);
      expect(favourites[0]!.favourited).toBe(true);

      const first = await getPage(`${server.url}/api/v1/bookmarks?limit=1`, reader.token);
      expect(first.body.map((s) => s.id)).toEqual([older.id]);
      const second = await getPage(first.links.next!, reader.token);
      expect(second.body.map((s) => s.id)).toEqual([newer.id]);
      expect((await getPage(second.links.next!, reader.token)).body).toEqual([]);
    });

    it("drops bookmarks of posts the viewer can no longer see", async () => {
      const reader = await registerUser(server.url);
      await follow(reader, bob);
      const priv = await bob.client.v1.statuses.create({ status: "secret", visibility: "private" });
      await reader.client.v1.statuses.$select(priv.id).bookmark();
      expect(ids(await reader.client.v1.bookmarks.list())).toEqual([priv.id]);
      await reader.client.v1.accounts.$select(bob.account.id).unfollow();
      expect(await reader.client.v1.bookmarks.list()).toEqual([]);
    });

    it("hides blocked and muted accounts from home at read time", async () => {
      const viewer = await registerUser(server.url);
      await follow(viewer, bob);
      await follow(viewer, dave);
      const bobs = await bob.client.v1.statuses.create({ status: "from bob" });
      const daves = await dave.client.v1.statuses.create({ status: "from dave" });
      expect(ids(await home(viewer))).toEqual(expect.arrayContaining([bobs.id, daves.id]));
      await viewer.client.v1.accounts.$select(bob.account.id).mute();
      await viewer.client.v1.accounts.$select(dave.account.id).block();
      const seen = ids(await home(viewer));
      expect(seen).not.toContain(bobs.id);
      expect(seen).not.toContain(daves.id);
      expect(ids(await viewer.client.v1.timelines.public.list({ limit: 40 }))).not.toContain(bobs.id);
    });

    it("hides a suspended author everywhere at read time, and shows them again when lifted", async () => {
      const author = await registerUser(server.url);
      const viewer = await registerUser(server.url);
      await follow(viewer, author);
      const post = await author.client.v1.statuses.create({ status: "soon suspended #Suspense" });
      await viewer.client.v1.statuses.$select(post.id).bookmark();
      await viewer.client.v1.statuses.$select(post.id).favourite();
      const everywhere = async () => [
        ids(await home(viewer)),
        ids(await viewer.client.v1.timelines.public.list({ limit: 40 })),
        ids(await viewer.client.v1.timelines.tag.$select("suspense").list()),
        ids(await viewer.client.v1.bookmarks.list()),
        ids(await viewer.client.v1.favourites.list()),
      ];
      for (const list of await everywhere()) expect(list).toContain(post.id);
      await alice.client.v1.admin.accounts.$select(author.account.id).action.create({ type: "suspend" });
      for (const list of await everywhere()) expect(list).not.toContain(post.id);
      await alice.client.v1.admin.accounts.$select(author.account.id).unsuspend();
      for (const list of await everywhere()) expect(list).toContain(post.id);
    });

    it("requires the right scopes", async () => {
      const res = await fetch(`${server.url}/api/v1/bookmarks`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "The access token is invalid" });
    });
  });
}
