// The newest page of a home timeline is served from memory (src/social/page-cache.ts). Whatever
// changes something on it — in this process or another one on the same database — the next read
// must show it: after every action below, the cached page equals the page built from the database
// (the same request with a max_id cursor, which is never cached) and shows what the action did.
import type { mastodon } from "masto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patternImage } from "../../src/media/test-fixtures.ts";
import { registerAdmin } from "../support/admin.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/** The Status entity as the server sends it (snake_case; masto would camelCase it). */
interface StatusJson {
  id: string;
  content: string;
  edited_at: string | null;
  favourites_count: number;
  replies_count: number;
  favourited: boolean;
  bookmarked: boolean;
  pinned: boolean;
  account: { display_name: string };
  media_attachments: { description: string | null }[];
}
const NEWEST = "/api/v1/timelines/home?limit=40";
const FROM_DATABASE = `${NEWEST}&max_id=9223372036854775807`;

async function get(url: string, token: string): Promise<StatusJson[]> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as StatusJson[];
}

/** The viewer's newest home page (cached), checked against the same page read from the database. */
async function home(server: TestServer, user: UserSession): Promise<StatusJson[]> {
  const cached = await get(server.url + NEWEST, user.token);
  expect(cached).toEqual(await get(server.url + FROM_DATABASE, user.token));
  return cached;
}

const find = (page: StatusJson[], id: string) => page.find((s) => s.id === id);

describe("the home page cache", () => {
  let server: TestServer;
  let admin: UserSession;
  let alice: UserSession;
  let bob: UserSession;
  let carol: UserSession;
  let post: mastodon.v1.Status;

  beforeAll(async () => {
    server = (await startTestServer())!;
    admin = await registerAdmin(server.url, "moderator_mo");
    alice = await registerUser(server.url, "alice");
    bob = await registerUser(server.url, "bob");
    carol = await registerUser(server.url, "carol");
    await alice.client.v1.accounts.$select(bob.account.id).follow();
    await alice.client.v1.accounts.$select(carol.account.id).follow();
  });
  afterAll(() => server?.stop());

  it("shows a new post at the top of a page read before it", async () => {
    expect(await home(server, alice)).toEqual([]);
    const png = await patternImage(32, 24).png().toBuffer();
    const media = await bob.client.v2.media.create({ file: new Blob([new Uint8Array(png)]) });
    post = await bob.client.v1.statuses.create({ status: "first light", mediaIds: [media.id] });
    expect((await home(server, alice)).map((s) => s.id)).toEqual([post.id]);
  });

  it("shows counts, marks, edits, profile and media changes as soon as they are made", async () => {
    await home(server, alice);
    await carol.client.v1.statuses.$select(post.id).favourite();
    expect(find(await home(server, alice), post.id)?.favourites_count).toBe(1);

    await alice.client.v1.statuses.$select(post.id).favourite();
    await alice.client.v1.statuses.$select(post.id).bookmark();
    const marked = find(await home(server, alice), post.id)!;
    expect([marked.favourited, marked.bookmarked, marked.favourites_count]).toEqual([true, true, 2]);

    await carol.client.v1.statuses.create({ status: "nice one", inReplyToId: post.id });
    expect(find(await home(server, alice), post.id)?.replies_count).toBe(1);

    await bob.client.v1.statuses.$select(post.id).update({ status: "first light, edited" });
    const edited = find(await home(server, alice), post.id)!;
    expect(edited.content).toContain("first light, edited");
    expect(edited.edited_at).not.toBeNull();

    await bob.client.v1.accounts.updateCredentials({ displayName: "Bob the Builder" });
    expect(find(await home(server, alice), post.id)?.account.display_name).toBe("Bob the Builder");

    const mediaId = post.mediaAttachments[0]!.id;
    await bob.client.v1.media.$select(mediaId).update({ description: "a patterned test card" });
    expect(find(await home(server, alice), post.id)?.media_attachments[0]?.description).toBe(
      "a patterned test card",
    );

    const own = await alice.client.v1.statuses.create({ status: "pinned thought" });
    await alice.client.v1.statuses.$select(own.id).pin();
    expect(find(await home(server, alice), own.id)?.pinned).toBe(true);
  });

  it("hides and brings back posts as follows, mutes, blocks and suspensions change", async () => {
    const carolPost = await carol.client.v1.statuses.create({ status: "carol's news" });
    expect(find(await home(server, alice), carolPost.id)).toBeDefined();

    await alice.client.v1.accounts.$select(carol.account.id).mute();
    expect(find(await home(server, alice), carolPost.id)).toBeUndefined();
    await alice.client.v1.accounts.$select(carol.account.id).unmute();
    expect(find(await home(server, alice), carolPost.id)).toBeDefined();

    await carol.client.v1.accounts.$select(alice.account.id).block();
    expect(find(await home(server, alice), carolPost.id)).toBeUndefined();
    await carol.client.v1.accounts.$select(alice.account.id).unblock();
    await alice.client.v1.accounts.$select(carol.account.id).follow(); // a block ends the follow
    const again = await carol.client.v1.statuses.create({ status: "carol, followed again" });
    expect(find(await home(server, alice), again.id)).toBeDefined();

    await admin.client.v1.admin.accounts.$select(carol.account.id).action.create({ type: "suspend" });
    expect(find(await home(server, alice), again.id)).toBeUndefined();
    await admin.client.v1.admin.accounts.$select(carol.account.id).unsuspend();
    expect(find(await home(server, alice), again.id)).toBeDefined();

    await bob.client.v1.statuses.$select(post.id).remove();
    expect(find(await home(server, alice), post.id)).toBeUndefined();
  });

  it("keeps a page per limit, and answers cursors and other parameters from the database", async () => {
    const latest = await bob.client.v1.statuses.create({ status: "limits" });
    const one = await get(`${server.url}/api/v1/timelines/home?limit=1`, alice.token);
    expect(one.map((s) => s.id)).toEqual([latest.id]);
    const res = await fetch(`${server.url}/api/v1/timelines/home?limit=1`, {
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("link")).toContain(`max_id=${latest.id}`);
    const older = await get(`${server.url}/api/v1/timelines/home?limit=1&max_id=${latest.id}`, alice.token);
    expect(older.map((s) => s.id)).not.toContain(latest.id);
    expect((await get(server.url + NEWEST, alice.token))[0]?.id).toBe(latest.id);
  });

  it("starts over when its PostgreSQL listener was cut off, so nothing missed meanwhile stays", async () => {
    if (!server.databaseUrl) return; // PGlite runs in this process: nothing to cut
    const bobPost = await bob.client.v1.statuses.create({ status: "before the outage" });
    await home(server, alice); // cached
    const direct = new pg.Client({ connectionString: server.databaseUrl });
    await direct.connect();
    try {
      // Every listening connection dies at once (the pool's too); then a change is made in SQL
      // while the listener is still reconnecting, so its notification reaches nobody.
      await direct.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`,
      );
      await direct.query("UPDATE statuses SET favourites_count = 42 WHERE id = $1", [bobPost.id]);
      await expect
        .poll(async () => find(await get(server.url + NEWEST, alice.token), bobPost.id)?.favourites_count)
        .toBe(42);
    } finally {
      await direct.end();
    }
  });

  it("is fresh in another process on the same PostgreSQL database, too", async () => {
    if (!server.databaseUrl) return; // PGlite belongs to one process
    const other = (await startTestServer({ databaseUrl: server.databaseUrl }))!;
    try {
      await home(other, alice); // cached there now
      const news = await bob.client.v1.statuses.create({ status: "said through the first process" });
      await expect.poll(async () => find(await home(other, alice), news.id)?.id).toBe(news.id);
      await admin.client.v1.statuses.$select(news.id).favourite(); // (carol was suspended: her old sessions ended)
      await expect.poll(async () => find(await home(other, alice), news.id)?.favourites_count).toBe(1);
    } finally {
      await other.stop();
    }
  });
});
