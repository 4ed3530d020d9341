import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureStatus, registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

describe("statuses through a Mastodon client", () => {
  let server: TestServer;
  let alice: UserSession;
  let bob: UserSession;
  beforeAll(async () => {
    server = (await startTestServer())!;
    alice = await registerUser(server.url, "alice");
    bob = await registerUser(server.url, "bob");
  });
  afterAll(() => server?.stop());

  it("registers users by API; the first becomes admin", async () => {
    expect(alice.account.username).toBe("alice");
    expect(alice.account.role?.name).toBe("Admin");
    expect(bob.account.role?.name ?? "").toBe("");
  });

  it("posts with a hashtag and a mention, rendered as safe HTML", async () => {
    const status = await alice.client.v1.statuses.create({
      status: "Hello @bob, look at my #Painting <script>alert(1)</script>",
      visibility: "public",
    });
    expect(status.content).toContain('class="u-url mention">@<span>bob</span></a>');
    expect(status.content).toContain('rel="tag">#<span>Painting</span></a>');
    expect(status.content).toContain("&lt;script&gt;");
    expect(status.mentions.map((m) => m.username)).toEqual(["bob"]);
    expect(status.tags.map((t) => t.name)).toEqual(["Painting"]);
    expect(status.application?.name).toBe("Atelier tests");
    const fetched = await bob.client.v1.statuses.$select(status.id).fetch();
    expect(fetched.content).toBe(status.content);
  });

  it("threads replies in context", async () => {
    const root = await alice.client.v1.statuses.create({ status: "root" });
    const reply = await bob.client.v1.statuses.create({ status: "@alice reply", inReplyToId: root.id });
    const nested = await alice.client.v1.statuses.create({ status: "@bob nested", inReplyToId: reply.id });
    const context = await bob.client.v1.statuses.$select(reply.id).context.fetch();
    expect(context.ancestors.map((s) => s.id)).toEqual([root.id]);
    expect(context.descendants.map((s) => s.id)).toEqual([nested.id]);
    const again = await alice.client.v1.statuses.$select(root.id).fetch();
    expect(again.repliesCount).toBe(1);
  });

  it("favourites and reblogs, counting once", async () => {
    const status = await alice.client.v1.statuses.create({ status: "like me" });
    await bob.client.v1.statuses.$select(status.id).favourite();
    const fav = await bob.client.v1.statuses.$select(status.id).favourite();
    expect(fav.favouritesCount).toBe(1);
    expect(fav.favourited).toBe(true);
    const reblog = await bob.client.v1.statuses.$select(status.id).reblog();
    expect(reblog.reblog?.id).toBe(status.id);
    expect(reblog.reblog?.reblogsCount).toBe(1);
    expect(reblog.reblogged).toBe(true);
    const favouritedBy = await alice.client.v1.statuses.$select(status.id).favouritedBy.list();
    expect(favouritedBy.map((a) => a.username)).toEqual(["bob"]);
    const undone = await bob.client.v1.statuses.$select(status.id).unreblog();
    expect(undone.reblogsCount).toBe(0);
  });

  it("edits with history and deletes", async () => {
    const status = await alice.client.v1.statuses.create({ status: "first draft" });
    const edited = await alice.client.v1.statuses.$select(status.id).update({ status: "second draft" });
    expect(edited.editedAt).not.toBeNull();
    expect(edited.content).toBe("<p>second draft</p>");
    const history = await alice.client.v1.statuses.$select(status.id).history.list();
    expect(history.map((h) => h.content)).toEqual(["<p>first draft</p>", "<p>second draft</p>"]);
    expect(await failureStatus(bob.client.v1.statuses.$select(status.id).update({ status: "hijack" }))).toBe(
      403,
    );
    const deleted = await alice.client.v1.statuses.$select(status.id).remove();
    expect(deleted.text).toBe("second draft");
    expect(await failureStatus(bob.client.v1.statuses.$select(status.id).fetch())).toBe(404);
  });

  it("keeps private and direct posts from people who may not see them", async () => {
    const carol = await registerUser(server.url, "carol");
    const priv = await alice.client.v1.statuses.create({ status: "followers only", visibility: "private" });
    const direct = await alice.client.v1.statuses.create({ status: "@bob secret", visibility: "direct" });
    expect(await failureStatus(carol.client.v1.statuses.$select(priv.id).fetch())).toBe(404);
    expect(await failureStatus(carol.client.v1.statuses.$select(direct.id).fetch())).toBe(404);
    const seen = await bob.client.v1.statuses.$select(direct.id).fetch();
    expect(seen.visibility).toBe("direct");
    const anonymous = await fetch(`${server.url}/api/v1/statuses/${priv.id}`);
    expect(anonymous.status).toBe(404);
  });

  it("rejects bad input with Mastodon's errors", async () => {
    const post = (body: string, token = alice.token, type = "application/json") =>
      fetch(`${server.url}/api/v1/statuses`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": type },
        body,
      });
    const malformed = await post("{not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toHaveProperty("error");
    const tooLong = await post(JSON.stringify({ status: "x".repeat(501) }));
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).error).toContain("character limit of 500");
    const wrongType = await post(JSON.stringify({ status: "x", visibility: "secret" }));
    expect(wrongType.status).toBe(422);
    const blank = await post(JSON.stringify({ status: "  " }));
    expect(blank.status).toBe(422);
    const noToken = await post(JSON.stringify({ status: "x" }), "nope");
    expect(noToken.status).toBe(401);
    const unknown = await fetch(`${server.url}/api/v1/statuses/123456789`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "Record not found" });
  });

  it("honours Idempotency-Key", async () => {
    const send = () =>
      fetch(`${server.url}/api/v1/statuses`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${alice.token}`,
          "Content-Type": "application/json",
          "Idempotency-Key": "k1",
        },
        body: JSON.stringify({ status: "only once" }),
      }).then((r) => r.json());
    const [a, b] = [await send(), await send()];
    expect(a.id).toBe(b.id);
  });
});
