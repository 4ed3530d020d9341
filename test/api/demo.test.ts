import { createRestAPIClient } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

describe("first start with the demo network (npm start)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = (await startTestServer({ seedDemo: true }))!;
  });
  afterAll(() => server?.stop());

  it("shows a living public feed with replies, favourites and reblogs", async () => {
    const anonymous = createRestAPIClient({ url: server.url });
    const ada = await anonymous.v1.accounts.lookup({ acct: "ada" });
    expect(ada.displayName).toBe("Ada Lindqvist");
    expect(ada.followersCount).toBe(4);
    const statuses = await anonymous.v1.accounts.$select(ada.id).statuses.list({ limit: 40 });
    const original = statuses.find((s) => s.content.includes("forty variations"))!;
    expect(original.favouritesCount).toBe(1);
    expect(original.repliesCount).toBe(1);
    const context = await anonymous.v1.statuses.$select(original.id).context.fetch();
    expect(context.descendants[0]?.account.username).toBe("kenji");
    expect(statuses.some((s) => s.reblog?.account.username === "theo")).toBe(true);
  });

  it("still makes the first person who signs up the admin", async () => {
    const me = await registerUser(server.url, "owner");
    expect(me.account.role?.name).toBe("Admin");
  });
});
