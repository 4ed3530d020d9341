import { createRestAPIClient } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser, type UserSession } from "../support/clients.ts";
import { postgresAvailable } from "../support/postgres.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

// Full-text search is Postgres' own, so it runs on PGlite and (when reachable) a PostgreSQL server.
const drivers = [
  { driver: "pglite" as const, available: true },
  { driver: "postgres" as const, available: await postgresAvailable() },
];

for (const { driver, available } of drivers)
  describe.skipIf(!available)(`search on ${driver}`, () => {
    let server: TestServer;
    let alice: UserSession;
    let bob: UserSession;
    let carol: UserSession;
    const ids = (list: { id: string }[]) => list.map((item) => item.id);
    /** PUBLIC_URL (links and resolvable URLs use it), which need not be the address we connect to. */
    let publicUrl: string;

    beforeAll(async () => {
      server = (await startTestServer({ driver }))!;
      alice = await registerUser(server.url, "alice");
      bob = await registerUser(server.url, "bob");
      carol = await registerUser(server.url, "carol");
      publicUrl = new URL(alice.account.url!).origin;
      await bob.client.v1.accounts.updateCredentials({ displayName: "Robert Painter" });
      // bob follows alice; carol does not.
      await bob.client.v1.accounts.$select(alice.account.id).follow();
    });
    afterAll(() => server?.stop());

    const search = (session: UserSession, q: string, type?: "accounts" | "statuses" | "hashtags") =>
      session.client.v2.search.list({ q, type });

    it("finds a public post by a word and by a stemmed form of it", async () => {
      const post = await alice.client.v1.statuses.create({ status: "Three new paintings of the harbour" });
      const exact = await search(carol, "harbour", "statuses");
      expect(ids(exact.statuses)).toContain(post.id);
      expect(exact.statuses[0]!.account.username).toBe("alice");
      const stemmed = await search(carol, "painting", "statuses");
      expect(ids(stemmed.statuses)).toContain(post.id);
      const unrelated = await search(carol, "submarine", "statuses");
      expect(ids(unrelated.statuses)).not.toContain(post.id);
    });

    it("ranks better matches first, and filters by account and with from:", async () => {
      const weak = await alice.client.v1.statuses.create({ status: "a quiet lighthouse" });
      const strong = await bob.client.v1.statuses.create({
        status: "lighthouse, lighthouse, the lighthouse!",
      });
      const all = await search(carol, "lighthouse", "statuses");
      expect(ids(all.statuses)).toEqual([strong.id, weak.id]);
      const byAlice = await carol.client.v2.search.list({
        q: "lighthouse",
        type: "statuses",
        accountId: alice.account.id,
      });
      expect(ids(byAlice.statuses)).toEqual([weak.id]);
      const fromBob = await search(carol, "lighthouse from:bob", "statuses");
      expect(ids(fromBob.statuses)).toEqual([strong.id]);
    });

    it("never returns a private post to a non-follower, but does to a follower", async () => {
      const priv = await alice.client.v1.statuses.create({
        status: "secret watercolour technique",
        visibility: "private",
      });
      expect(ids((await search(carol, "watercolour", "statuses")).statuses)).not.toContain(priv.id);
      expect(ids((await search(bob, "watercolour", "statuses")).statuses)).toContain(priv.id);
      expect(ids((await search(alice, "watercolour", "statuses")).statuses)).toContain(priv.id);
    });

    it("never returns a direct post to someone not mentioned, but does to the mentioned", async () => {
      const direct = await alice.client.v1.statuses.create({
        status: "@carol the gouache delivery arrives tomorrow",
        visibility: "direct",
      });
      // bob follows alice, which is not enough for a direct post.
      expect(ids((await search(bob, "gouache", "statuses")).statuses)).not.toContain(direct.id);
      expect(ids((await search(carol, "gouache")).statuses)).toContain(direct.id);
    });

    it("leaves out reblogs and authors the viewer muted", async () => {
      const original = await alice.client.v1.statuses.create({ status: "charcoal sketches today" });
      await bob.client.v1.statuses.$select(original.id).reblog();
      const found = await search(carol, "charcoal", "statuses");
      expect(ids(found.statuses)).toEqual([original.id]);
      await carol.client.v1.accounts.$select(alice.account.id).mute();
      expect((await search(carol, "charcoal", "statuses")).statuses).toEqual([]);
      await carol.client.v1.accounts.$select(alice.account.id).unmute();
    });

    it("finds accounts by username and display-name prefix, the exact match first", async () => {
      const bobcat = await registerUser(server.url, "bobcat");
      const byPrefix = await search(carol, "bo", "accounts");
      expect(byPrefix.accounts.map((a) => a.username).sort()).toEqual(["bob", "bobcat"]);
      const exact = await search(carol, "@bob", "accounts");
      expect(exact.accounts[0]!.username).toBe("bob");
      const host = new URL(publicUrl).host;
      const withDomain = await search(carol, `bob@${host}`, "accounts");
      expect(withDomain.accounts.map((a) => a.username)).toEqual(["bob"]);
      const byName = await search(carol, "paint", "accounts");
      expect(byName.accounts.map((a) => a.username)).toEqual(["bob"]);
      const following = await carol.client.v2.search.list({ q: "bo", type: "accounts", following: true });
      expect(following.accounts).toEqual([]);
      const bobFollows = await bob.client.v2.search.list({ q: "al", type: "accounts", following: true });
      expect(bobFollows.accounts.map((a) => a.username)).toEqual(["alice"]);
      expect(bobcat.account.username).toBe("bobcat");
    });

    it("finds hashtags by prefix, case-insensitively, with the typed name first", async () => {
      await alice.client.v1.statuses.create({ status: "Studies in #Sculpture and #SculptureGarden" });
      const found = await search(carol, "#sculp", "hashtags");
      expect(found.hashtags.map((t) => t.name)).toEqual(["sculp", "Sculpture", "SculptureGarden"]);
      expect(found.hashtags[1]!.history).toEqual([]);
      expect(found.hashtags[1]!.url).toBe(`${publicUrl}/tags/sculpture`);
      const exact = await search(carol, "SCULPTURE", "hashtags");
      expect(exact.hashtags.map((t) => t.name)).toEqual(["Sculpture", "SculptureGarden"]);
    });

    it("does not reveal hashtags used only in posts the viewer may not see", async () => {
      await alice.client.v1.statuses.create({ status: "#hushproject notes", visibility: "private" });
      const outsider = await search(carol, "hush", "hashtags");
      expect(outsider.hashtags.map((t) => t.name)).toEqual(["hush"]);
      const follower = await search(bob, "hush", "hashtags");
      expect(follower.hashtags.map((t) => t.name)).toEqual(["hush", "hushproject"]);
    });

    it("shows a hashtag by name", async () => {
      const tag = await carol.client.v1.tags.$select("sculpture").fetch();
      expect(tag).toMatchObject({ name: "Sculpture", history: [], following: false });
      const unused = await fetch(`${server.url}/api/v1/tags/neverused`);
      expect(await unused.json()).toMatchObject({ name: "neverused", history: [] });
      expect((await fetch(`${server.url}/api/v1/tags/not-a-tag`)).status).toBe(404);
    });

    it("resolves local profile and status URLs it may see", async () => {
      const post = await alice.client.v1.statuses.create({ status: "resolve me" });
      const priv = await alice.client.v1.statuses.create({ status: "resolve me not", visibility: "private" });
      const resolve = (session: UserSession, q: string) =>
        session.client.v2.search.list({ q, resolve: true });
      const profile = await resolve(carol, `${publicUrl}/@alice`);
      expect(profile.accounts.map((a) => a.username)).toEqual(["alice"]);
      expect(profile.statuses).toEqual([]);
      const status = await resolve(carol, post.url!);
      expect(ids(status.statuses)).toEqual([post.id]);
      const byUri = await resolve(carol, post.uri);
      expect(ids(byUri.statuses)).toEqual([post.id]);
      expect((await resolve(carol, priv.url!)).statuses).toEqual([]);
      expect(ids((await resolve(bob, priv.url!)).statuses)).toEqual([priv.id]);
      const wrongAuthor = await resolve(carol, `${publicUrl}/@bob/${post.id}`);
      expect(wrongAuthor.statuses).toEqual([]);
      const elsewhere = await resolve(carol, "https://elsewhere.example/@alice");
      expect(elsewhere).toMatchObject({ accounts: [], statuses: [], hashtags: [] });
    });

    it("lets anonymous callers search accounts and hashtags, never statuses", async () => {
      const anonymous = createRestAPIClient({ url: server.url });
      const found = await anonymous.v2.search.list({ q: "alice" });
      expect(found.accounts.map((a) => a.username)).toEqual(["alice"]);
      expect(found.statuses).toEqual([]);
      const get = (query: string) => fetch(`${server.url}/api/v2/search?${query}`);
      const statuses = await get("q=harbour&type=statuses");
      expect(statuses.status).toBe(401);
      expect(await statuses.json()).toHaveProperty("error");
      expect((await get("q=alice&type=accounts&offset=5")).status).toBe(401);
      expect((await get(`q=${encodeURIComponent(`${publicUrl}/@alice`)}&resolve=true`)).status).toBe(401);
    });

    it("rejects bad input with Mastodon's statuses", async () => {
      const get = (query: string, token = carol.token) =>
        fetch(`${server.url}/api/v2/search?${query}`, { headers: { Authorization: `Bearer ${token}` } });
      const missing = await get("type=statuses");
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({ error: "param is missing or the value is empty: q" });
      expect((await get("q=")).status).toBe(400);
      expect((await get("q=x&limit=-1")).status).toBe(400);
      expect((await get("q=x&limit=lots")).status).toBe(422);
      expect((await get("q=x&account_id=abc")).status).toBe(422);
      expect((await get("q=x&account_id=9999999999999999999")).status).toBe(422);
      expect((await get("q=a%00b")).status).toBe(400); // a NUL in the URL is a malformed request
      expect((await get("q=x&type=statuses&max_id=9999999999999999999")).status).toBe(422);
      expect((await get("q=x", "bad-token")).status).toBe(401);
      // Characters that are operators in tsquery syntax are only words to search for.
      for (const q of ["!!&|:*", "'", '"unclosed', "(a", "-", "from:", "@", "#", "%_\\"]) {
        const res = await get(`q=${encodeURIComponent(q)}`);
        expect(res.status, q).toBe(200);
      }
      const unknownType = await get("q=alice&type=people");
      expect(await unknownType.json()).toEqual({ accounts: [], statuses: [], hashtags: [] });
    });
  });
