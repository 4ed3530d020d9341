// The assistant in the web app, on the built-in engine: ask about a topic and get a streamed
// answer with the cited posts as cards; ask it to post, confirm, and the post is in the feed;
// cancel a proposed follow; rename and delete conversations; "Ask about this" from a post's menu;
// turn an app (a real MCP server over stdio) on and off. Screenshots and axe on the page.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForEmbeddings } from "../support/assistant.ts";
import { findChromium, launchBrowser, screenshotAll } from "../support/browser.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { EVERYTHING_SERVER } from "../support/everything-server.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { prepareWebApp, seriousA11yViolations, signedInPage } from "./web-helpers.ts";

describe.skipIf(!findChromium())("the assistant in the web app", { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let alice: UserSession;
  let bob: UserSession;
  let breadPostId: string;
  let errors: string[] = [];

  beforeAll(async () => {
    prepareWebApp();
    [server, browser] = await Promise.all([
      startTestServer({
        env: {
          AI_APPS: JSON.stringify([
            {
              name: "everything",
              title: "Everything",
              description: "The MCP reference server",
              command: process.execPath,
              args: [EVERYTHING_SERVER, "stdio"],
            },
          ]),
        },
      }).then((s) => s!),
      launchBrowser(),
    ]);
    alice = await registerUser(server.url, "alice");
    bob = await registerUser(server.url, "bob");
    await alice.client.v1.accounts.$select(bob.account.id).follow();
    const bread = await bob.client.v1.statuses.create({
      status: "My sourdough starter finally doubled overnight. Rye flour and patience did it.",
    });
    breadPostId = bread.id;
    await bob.client.v1.statuses.create({ status: "Second sourdough loaf: an open crumb at last #baking" });
    await bob.client.v1.statuses.create({ status: "Marathon training, week three: long run in the rain" });
    await waitForEmbeddings(server);
    ({ page, errors } = await signedInPage(browser, alice.token));
    page.on("dialog", (dialog) => dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const input = () => page.getByLabel("Ask the assistant");
  const answers = () => page.getByRole("article", { name: "Assistant's answer" });

  it("answers a question as a stream, naming the engine, with the cited posts as cards", async () => {
    await page.goto(server.url);
    await page.getByRole("link", { name: "Assistant" }).click();
    await page.getByRole("heading", { name: "Assistant", level: 1 }).waitFor();
    await input().fill("What are people saying about sourdough?");
    const reply = page.waitForResponse((res) => res.url().endsWith("/messages"));
    await page.getByRole("button", { name: "Send" }).click();
    expect((await reply).headers()["content-type"]).toContain("text/event-stream");

    const answer = answers().first();
    await answer.getByText("Answered by the built-in engine").waitFor();
    expect(await answer.textContent()).toContain("built-in assistant engine");
    const cards = answer.getByRole("region", { name: "Cited posts" }).locator("article");
    await expect.poll(() => cards.count()).toBe(2);
    expect(await cards.filter({ hasText: "starter finally doubled" }).count()).toBe(1);
    expect(await cards.filter({ hasText: "Marathon" }).count()).toBe(0);
    // The search it ran shows as a finished read, with no buttons.
    const search = answer.getByRole("region", { name: "Searched posts: Done" });
    expect(await search.getByRole("button").count()).toBe(0);
    // The conversation got its title from the question and is in the list.
    expect(new URL(page.url()).searchParams.get("c")).toMatch(/^\d+$/);
    await page.getByText("What are people saying about sourdough?", { exact: true }).first().waitFor();
    await screenshotAll(page, "assistant-answer");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("asks it to post; the post waits for Confirm, then appears in the feed", async () => {
    await input().fill("post Fresh bread for everyone, thanks to the assistant");
    await page.getByRole("button", { name: "Send" }).click();
    const proposal = page.getByRole("region", { name: "Publish a post: Waiting for you" });
    await proposal.waitFor();
    expect(await proposal.getByText("Fresh bread for everyone, thanks to the assistant").count()).toBe(1);
    // Nothing is posted before the person says so.
    expect((await alice.client.v1.accounts.$select(alice.account.id).statuses.list()).length).toBe(0);
    await screenshotAll(page, "assistant-confirm");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: "light" });
    await proposal.getByRole("button", { name: "Confirm" }).click();

    const done = page.getByRole("region", { name: "Publish a post: Done" });
    await done.waitFor();
    await done.getByRole("link", { name: "View the post" }).waitFor();
    await page.getByRole("link", { name: "Home", exact: true }).click();
    await page.locator("article", { hasText: "Fresh bread for everyone, thanks to the assistant" }).waitFor();
  });

  it("cancels a proposed follow, which then never runs", async () => {
    await page.goBack();
    await input().fill("follow @bob");
    await page.getByRole("button", { name: "Send" }).click();
    const proposal = page.getByRole("region", { name: "Follow an account: Waiting for you" });
    await proposal.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("region", { name: "Follow an account: Cancelled" }).waitFor();
    await page.reload();
    await page.getByRole("region", { name: "Follow an account: Cancelled" }).waitFor();
  });

  it("makes an image when confirmed, shows it, and posts it through the composer", async () => {
    await input().fill("create an image of a blue whale under the ice");
    await page.getByRole("button", { name: "Send" }).click();
    const proposal = page.getByRole("region", { name: "Generate an image: Waiting for you" });
    await proposal.getByRole("button", { name: "Confirm" }).click();
    const done = page.getByRole("region", { name: "Generate an image: Done" });
    await done.getByRole("img", { name: /a blue whale under the ice/ }).waitFor({ timeout: 120_000 });
    await done.getByText("Made by the built-in engine.").waitFor();
    await done.getByRole("button", { name: "Post it" }).click();
    const dialog = page.getByRole("dialog", { name: "New post" });
    await dialog.getByLabel("Alt text for image 1").waitFor();
    await dialog.getByLabel("What's new?").fill("The assistant drew me a whale");
    await dialog.getByRole("button", { name: "Post" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.goto(`${server.url}/@alice`);
    const post = page.locator("article", { hasText: "The assistant drew me a whale" });
    await post.getByRole("button", { name: "Made with AI" }).waitFor();
    await page.goBack();
  });

  it("renames and deletes conversations, and starts new ones", async () => {
    await page.getByRole("button", { name: "New conversation" }).first().click();
    await input().fill("What's trending?");
    await page.getByRole("button", { name: "Send" }).click();
    await answers().first().getByText("Answered by the built-in engine").waitFor();
    const list = page.getByRole("navigation", { name: "Conversations" });
    await page.locator(".conversation-picker summary").click();
    await list.getByRole("button", { name: "Rename What's trending?" }).click();
    await list.getByLabel("Conversation title").fill("Trends this week");
    await list.getByRole("button", { name: "Save" }).click();
    await list.getByRole("button", { name: "Trends this week", exact: true }).waitFor();
    await page.reload();
    await page.locator(".conversation-picker summary", { hasText: "Trends this week" }).click();
    await list.getByRole("button", { name: "Delete Trends this week" }).click();
    await page.getByText("Conversation deleted").waitFor();
    expect(await list.getByRole("button", { name: "Trends this week", exact: true }).count()).toBe(0);
    expect(
      await list
        .getByRole("button", { name: "What are people saying about sourdough?", exact: true })
        .count(),
    ).toBe(1);
    expect(new URL(page.url()).search).toBe("");
  });

  it("'Ask about this' on a post opens the assistant with that post's thread as context", async () => {
    await page.goto(`${server.url}/@bob/${breadPostId}`);
    const post = page.locator(`article[data-status-id="${breadPostId}"]`).first();
    await post.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Ask the assistant about this" }).click();
    const answer = answers().first();
    await answer.getByRole("region", { name: "Read a thread: Done" }).waitFor();
    const cards = answer.getByRole("region", { name: "Cited posts" }).locator("article");
    await cards.filter({ hasText: "starter finally doubled" }).waitFor();
    await page.locator(".conversation-picker summary", { hasText: "About @bob's post" }).waitFor();
  });

  it("turns an app on and off for the assistant", async () => {
    await page.locator(".app-picker summary").click();
    const app = page.getByRole("checkbox", { name: /Everything/ });
    expect(await app.isChecked()).toBe(false);
    await app.check();
    await page.getByText("Everything is on for the assistant").waitFor();
    await page.reload();
    await page.locator(".app-picker summary", { hasText: "Apps (1 on)" }).click();
    expect(await page.getByRole("checkbox", { name: /Everything/ }).isChecked()).toBe(true);
    await page.getByRole("checkbox", { name: /Everything/ }).uncheck();
    await page.getByText("Everything is off for the assistant").waitFor();
  });

  it("has no serious or critical accessibility violations, at both widths and in both themes", async () => {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await seriousA11yViolations(page)).toEqual([]);
      }
    }
    expect(errors).toEqual([]);
  });
});
