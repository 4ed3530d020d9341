// Trending topics through the assistant on the built-in engine: the words several people write
// about in today's public posts, one loud account does not make a topic, and words only in
// private posts never show.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, newConversation } from "../support/assistant.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer | null;
let people: UserSession[] = [];

beforeAll(async () => {
  server = await startTestServer();
  if (!server) return;
  people = await Promise.all([1, 2, 3].map(() => registerUser(server!.url)));
  const [ana, ben, cy] = people as [UserSession, UserSession, UserSession];
  const post = (who: UserSession, status: string, visibility: "public" | "private" = "public") =>
    who.client.v1.statuses.create({ status, visibility });
  await post(ana, "The lighthouse was glowing at dusk #harbour");
  await post(ben, "Painted the old lighthouses again, with more blue this time");
  await post(cy, "A lighthouse print, fresh off the press https://example.test/print");
  await post(cy, "Sourdough, sourdough, sourdough: my third loaf today");
  await post(cy, "More sourdough experiments");
  await post(ana, "Secret plans for the zeppelin club", "private");
  await post(ben, "The zeppelin club meets on Friday", "private");
});
afterAll(async () => {
  await server?.stop();
});

describe("the assistant's trending topics", () => {
  it("lists words several people use, by how many people, and nothing from private posts", async (ctx) => {
    if (!server) return ctx.skip();
    const viewer = people[0]!;
    const id = await newConversation(server.url, viewer.token);
    const { message } = await ask(server.url, viewer.token, id, "What are the trending topics?");
    expect(message.content).toMatch(/What people are writing about today:\n- lighthouse: 3 people/);
    expect(message.content).not.toMatch(/sourdough/); // one person, however often
    expect(message.content).not.toMatch(/zeppelin/); // only in private posts
    expect(message.content).not.toMatch(/harbour|example/); // hashtags and links are not topics
    expect(message.tool_calls.map((call) => [call.name, call.state])).toEqual([["trending_topics", "done"]]);
  });
});
