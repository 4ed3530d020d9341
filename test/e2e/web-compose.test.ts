// Writing in the web app: drafts that survive a reload, images by drag-and-drop and paste with
// alt text, content warnings and visibility, deleting your own post, a "Made with AI" post with
// its prompt on demand, and profile editing with an avatar upload.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settled, startGeneration } from "../support/ai-images.ts";
import { findChromium, launchBrowser } from "../support/browser.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { pngFile, prepareWebApp } from "./web-helpers.ts";

describe.skipIf(!findChromium())("writing in the web app", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let alice: UserSession;
  const errors: string[] = [];

  beforeAll(async () => {
    prepareWebApp();
    [server, browser] = await Promise.all([startTestServer().then((s) => s!), launchBrowser()]);
    alice = await registerUser(server.url, "alice");
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((token) => {
      if (!sessionStorage.getItem("seeded")) localStorage.setItem("atelier.token", token);
      sessionStorage.setItem("seeded", "1");
    }, alice.token);
    page = await context.newPage();
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("dialog", (dialog) => dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const composer = () => page.getByRole("form", { name: "Write a post" });

  /** Drops (or pastes) a real PNG into the composer the way the browser would deliver it. */
  async function deliverImage(how: "drop" | "paste", color: string) {
    const file = await pngFile(color, `${how}.png`);
    await page.evaluate(
      ({ how, bytes }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], `${how}.png`, { type: "image/png" }));
        const form = document.querySelector('form[aria-label="Write a post"]')!;
        if (how === "drop") {
          form.dispatchEvent(
            new DragEvent("dragover", { bubbles: true, cancelable: true, dataTransfer: transfer }),
          );
          form.dispatchEvent(
            new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: transfer }),
          );
        } else {
          const box = form.querySelector("textarea")!;
          box.dispatchEvent(
            new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: transfer }),
          );
        }
      },
      { how, bytes: [...file.buffer] },
    );
  }

  it("keeps an unsent post as a draft across a reload", async () => {
    await page.goto(server.url);
    await composer().getByLabel("What's new?").fill("Half-written thought about etching");
    await page.reload();
    expect(await composer().getByLabel("What's new?").inputValue()).toBe(
      "Half-written thought about etching",
    );
    await composer().getByLabel("What's new?").fill("");
  });

  it("attaches images by drop and paste, with alt text, a content warning and followers-only visibility", async () => {
    await page.goto(server.url);
    await composer().getByLabel("What's new?").fill("Two proofs side by side");
    await deliverImage("drop", "#16a085");
    await deliverImage("paste", "#8e44ad");
    await composer().getByLabel("Alt text for image 1").fill("A green proof");
    await composer().getByLabel("Alt text for image 2").fill("A purple proof");
    await composer().getByRole("button", { name: "CW (content warning)" }).click();
    await composer().getByLabel("Content warning").fill("Ink close-ups");
    await composer().getByLabel("Who can see this post").selectOption("private");
    const post = composer().getByRole("button", { name: "Post" });
    await expect.poll(() => post.isEnabled()).toBe(true); // both uploads finished
    await post.click();

    const card = page.locator("article", { hasText: "Ink close-ups" });
    await card.waitFor();
    expect(await card.getByText("Followers only").count()).toBe(1);
    expect(await card.getByText("Two proofs side by side").count()).toBe(0); // behind the warning
    await card.getByRole("button", { name: "Show more" }).click();
    await card.getByRole("button", { name: "Sensitive media — show" }).click(); // a CW marks media sensitive
    await card.getByRole("img", { name: "A green proof" }).waitFor();
    await card.getByRole("img", { name: "A purple proof" }).waitFor();
    expect(await composer().getByLabel("What's new?").inputValue()).toBe(""); // cleared, draft gone
  });

  it("deletes your own post from its menu", async () => {
    const card = page.locator("article", { hasText: "Ink close-ups" });
    await card.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await card.waitFor({ state: "detached" });
    await page.getByText("Post deleted").waitFor();
  });

  it("labels a post with generated media 'Made with AI' and shows the prompt on demand", async () => {
    const job = await startGeneration(server.url, alice.token, { prompt: "a lighthouse at dusk, woodcut" });
    const done = await settled(server.url, alice.token, job.id);
    expect(done.state).toBe("succeeded");
    await alice.client.v1.statuses.create({
      status: "Tried the image tool",
      mediaIds: done.media_attachments.map((m) => m.id),
    });
    await page.goto(server.url);
    const card = page.locator("article", { hasText: "Tried the image tool" });
    const label = card.getByRole("button", { name: "Made with AI" });
    await label.click();
    await card.getByText("a lighthouse at dusk, woodcut").waitFor();
    expect(await label.getAttribute("aria-expanded")).toBe("true");
  });

  it("loads older posts as you scroll, and holds new ones behind a pill without moving the page", async () => {
    for (let i = 1; i <= 25; i++) await alice.client.v1.statuses.create({ status: `Sketch number ${i}` });
    // The second page is asked for with the cursor from the first page's Link header.
    const olderPage = page.waitForRequest((req) => /\/timelines\/home\?.*max_id=/.test(req.url()));
    await page.goto(server.url);
    await page.getByText("Sketch number 25").waitFor();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await olderPage;
    await page.getByText("Sketch number 1", { exact: true }).waitFor();
    expect(await page.locator("article[data-status-id]").count()).toBe(26); // 25 sketches and the AI post
    await page.evaluate(() => window.scrollTo(0, 600));
    const before = await page.evaluate(() => window.scrollY);
    await alice.client.v1.statuses.create({ status: "Fresh off the press" });
    // Your own post made elsewhere arrives through the stream, behind the pill.
    const pill = page.getByRole("button", { name: "1 new post" });
    await pill.waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    expect(await page.getByText("Fresh off the press").count()).toBe(0);
    await pill.click();
    await page.getByText("Fresh off the press").waitFor();
    expect(await page.getByText("Fresh off the press").count()).toBe(1);
  });

  it("comes back from a post to the same place in the feed, without reloading it", async () => {
    await page.goto(server.url);
    await page.getByText("Sketch number 25").waitFor();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.getByText("You're all caught up.").waitFor(); // every page loaded
    await page.getByText("Sketch number 10", { exact: true }).scrollIntoViewIfNeeded();
    const before = await page.evaluate(() => window.scrollY);
    const count = await page.locator("article[data-status-id]").count();
    expect(before).toBeGreaterThan(300);
    await page.locator("article", { hasText: "Sketch number 10" }).locator("time").click();
    await page.getByRole("heading", { name: "Post by @alice" }).waitFor();
    let reloaded = false;
    page.on("request", (req) => {
      if (/\/timelines\/home\?.*max_id=/.test(req.url())) reloaded = true;
    });
    await page.goBack();
    await page.getByText("Sketch number 10", { exact: true }).waitFor();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before - 50);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - before)).toBeLessThan(50);
    expect(await page.locator("article[data-status-id]").count()).toBe(count);
    expect(reloaded).toBe(false); // the older pages came back from memory
  });

  it("edits the profile, with a new avatar, and shows it on the profile page", async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByLabel("Display name").fill("Alice the Printer");
    await page.getByLabel("Bio").fill("Relief prints and #linocut");
    await page.getByLabel("Field 1 label").fill("Pronouns");
    await page.getByLabel("Field 1 content").fill("she/her");
    await page.getByLabel("Avatar").setInputFiles(await pngFile("#f39c12", "avatar.png"));
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Profile saved").waitFor();

    await page.goto(`${server.url}/@alice`);
    await page.getByRole("heading", { name: "Alice the Printer" }).waitFor();
    await page.getByText("Relief prints").waitFor();
    await page.getByText("she/her").waitFor();
    const avatar = await page.locator(".profile-identity img.avatar").getAttribute("src");
    expect(avatar).not.toContain("missing.png");
    expect(errors).toEqual([]);
  });
});
