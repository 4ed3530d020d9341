// The assistant page with a language model (a real local server speaking the OpenAI API, slowed
// down so the stream can be watched): the answer's words appear while the model is still
// writing, the posts it cites become cards, and a post it proposes is made only on Confirm, after
// which the model goes on and the post is in the feed.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchBrowser } from "../support/browser.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import {
  type FakeOpenAi,
  fakeOpenAiEnv,
  type ScriptedTurn,
  startFakeOpenAi,
} from "../support/openai-server.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { prepareWebApp, signedInPage } from "./web-helpers.ts";

interface ChatMessage {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; function: { name: string } }[];
  tool_call_id?: string;
}

const LONG_TAIL =
  "and they trade tips on rye flour, hydration, long cold proofs and scoring patterns all week long.";

/** The model: search for sourdough, then answer citing what it found; post when asked. */
function model(body: Record<string, unknown>): ScriptedTurn {
  const messages = body.messages as ChatMessage[];
  const last = messages.at(-1)!;
  if (last.role === "user") {
    const post = /^please post: (.+)$/i.exec(last.content ?? "");
    if (post)
      return { text: "Here is a draft.", toolCalls: [{ name: "post_status", arguments: { text: post[1] } }] };
    return { toolCalls: [{ name: "search_posts", arguments: { query: "sourdough" } }] };
  }
  const call = messages.flatMap((m) => m.tool_calls ?? []).find((c) => c.id === last.tool_call_id);
  if (call?.function.name === "post_status") return { text: "Done, it is posted." };
  const posts = (JSON.parse(last.content ?? "{}") as { posts: { id: string }[] }).posts;
  return {
    text: `Bakers here are proud of their starters [${posts[0]!.id}] and open crumbs [${posts[1]!.id}], ${LONG_TAIL}`,
  };
}

describe.skipIf(!findChromium())("the assistant page with a language model", () => {
  let fake: FakeOpenAi;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let alice: UserSession;
  let errors: string[] = [];

  beforeAll(async () => {
    prepareWebApp();
    fake = await startFakeOpenAi();
    fake.reply = model;
    fake.pieceDelayMs = 120; // about three seconds for the answer's words
    [server, browser] = await Promise.all([
      startTestServer({
        env: {
          ...fakeOpenAiEnv(fake),
          AI_TEXT_MODEL: "openai:gpt-test",
        },
      }).then((s) => s!),
      launchBrowser(),
    ]);
    alice = await registerUser(server.url, "alice");
    const bob = await registerUser(server.url, "bob");
    await bob.client.v1.statuses.create({ status: "My sourdough starter doubled overnight" });
    await bob.client.v1.statuses.create({ status: "Sourdough with an open crumb at last" });
    ({ page, errors } = await signedInPage(browser, alice.token));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  it("shows the answer's words as they stream, then the model's name and the cited posts", async () => {
    await page.goto(`${server.url}/assistant`);
    await page.getByLabel("Ask the assistant").fill("What do people think of sourdough?");
    await page.getByRole("button", { name: "Send" }).click();

    const streaming = page.locator('article[aria-label="Assistant\'s answer"][aria-busy="true"]');
    await streaming.getByText("Bakers here are proud").waitFor();
    // Seen mid-stream: the first words are there, the last ones not yet.
    expect(await streaming.textContent()).not.toContain("scoring patterns all week long.");
    await page.getByRole("button", { name: "Answering…" }).waitFor();

    const answer = page.getByRole("article", { name: "Assistant's answer" });
    await answer.getByText("Answered by openai:gpt-test").waitFor();
    expect(await answer.textContent()).toContain("scoring patterns all week long.");
    await answer.getByRole("region", { name: "Searched posts: Done" }).waitFor();
    const cards = answer.getByRole("region", { name: "Cited posts" }).locator("article");
    await expect.poll(() => cards.count()).toBe(2);
    expect(await cards.filter({ hasText: "starter doubled overnight" }).count()).toBe(1);
    // The ids in the text became links to the cards.
    expect(await answer.locator("a.cite-marker").count()).toBe(2);
  });

  it("posts only after Confirm; the model goes on and the post is in the feed", async () => {
    await page.getByLabel("Ask the assistant").fill("please post: Baking my first sourdough tonight");
    await page.getByRole("button", { name: "Send" }).click();
    const proposal = page.getByRole("region", { name: "Publish a post: Waiting for you" });
    await proposal.getByText("Baking my first sourdough tonight").waitFor();
    expect((await alice.client.v1.accounts.$select(alice.account.id).statuses.list()).length).toBe(0);
    await proposal.getByRole("button", { name: "Confirm" }).click();
    await page.getByText("Done, it is posted.").waitFor();
    await page.getByRole("region", { name: "Publish a post: Done" }).waitFor();
    await page.getByRole("link", { name: "Home", exact: true }).click();
    await page.locator("article", { hasText: "Baking my first sourdough tonight" }).waitFor();
    expect(errors).toEqual([]);
  });
});
