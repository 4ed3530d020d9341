// Every main page of the web app on a small network made through the API: screenshots at a
// phone and a laptop width in both themes, axe-core with no serious or critical violations, an
// XSS payload shown as text, keyboard use, rollback of a failed action, and first-load time.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchBrowser, screenshot, screenshotAll } from "../support/browser.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { median, pngFile, prepareWebApp, printBundleSize, seriousA11yViolations } from "./web-helpers.ts";

const XSS = `<img src=x onerror="window.__xss='img'"><script>window.__xss='script'</script> <svg onload="window.__xss='svg'">`;

describe.skipIf(!findChromium())("the web app's pages", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let alice: UserSession;
  let bob: UserSession;
  let imagePostId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    prepareWebApp();
    printBundleSize();
    [server, browser] = await Promise.all([startTestServer().then((s) => s!), launchBrowser()]);
    alice = await registerUser(server.url, "alice");
    bob = await registerUser(server.url, "bob");
    await alice.client.v1.accounts.updateCredentials({
      displayName: "Alice Moreau",
      note: "Printmaker. Lino, wood, and too much ink.",
      fieldsAttributes: [{ name: "Studio", value: "https://example.test/studio" }],
    });
    await bob.client.v1.accounts.$select(alice.account.id).follow();
    await alice.client.v1.accounts.$select(bob.account.id).follow();
    const file = await pngFile("#2e86c1");
    const media = await alice.client.v2.media.create({
      file: new Blob([new Uint8Array(file.buffer)], { type: "image/png" }),
      description: "Blue test print",
    });
    const imagePost = await alice.client.v1.statuses.create({
      status: "New print drying on the rack #printmaking",
      mediaIds: [media.id],
    });
    imagePostId = imagePost.id;
    await bob.client.v1.statuses.create({ status: "@alice gorgeous blue!", inReplyToId: imagePost.id });
    await bob.client.v1.statuses.$select(imagePost.id).favourite();
    await bob.client.v1.statuses.create({ status: "Spoilers for the book club", spoilerText: "Book ending" });
    await bob.client.v1.statuses.create({ status: XSS });
    await bob.client.v1.statuses.$select(imagePost.id).reblog();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await context.addInitScript((token) => localStorage.setItem("atelier.token", token), alice.token);
    page = await context.newPage();
    page.on("pageerror", (err) => errors.push(err.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function visit(path: string, ready: string) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`${server.url}${path}`);
    await page.getByText(ready).first().waitFor();
    await page.evaluate(() => document.fonts.ready);
  }

  const PAGES = [
    { name: "home", path: "/", ready: "New print drying" },
    { name: "explore", path: "/explore", ready: "Book ending" },
    { name: "thread", path: () => `/@alice/${imagePostId}`, ready: "gorgeous blue" },
    { name: "profile", path: "/@alice", ready: "Printmaker" },
    { name: "notifications", path: "/notifications", ready: "favourited your post" },
    { name: "search", path: "/search?q=print", ready: "New print drying" },
    { name: "tag", path: "/tags/printmaking", ready: "New print drying" },
    { name: "settings", path: "/settings", ready: "Profile fields" },
  ];

  it("shows every main page at 375 and 1280 px in light and dark, without sideways scrolling", async () => {
    for (const p of PAGES) {
      await visit(typeof p.path === "function" ? p.path() : p.path, p.ready);
      const files = await screenshotAll(page, `web-${p.name}`);
      expect(files).toHaveLength(4);
      await page.setViewportSize({ width: 375, height: 812 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${p.name} scrolls sideways at 375px`).toBeLessThanOrEqual(0);
    }
    expect(errors).toEqual([]);
  });

  it("has no serious or critical accessibility violations on the main pages, in both themes and widths", async () => {
    const found: string[] = [];
    for (const p of PAGES) {
      for (const [width, colorScheme] of [
        [1280, "light"],
        [375, "dark"],
      ] as const) {
        await visit(typeof p.path === "function" ? p.path() : p.path, p.ready);
        await page.setViewportSize({ width, height: 800 });
        await page.emulateMedia({ colorScheme });
        for (const v of await seriousA11yViolations(page))
          found.push(`${p.name} (${width} ${colorScheme}): ${v}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("shows a post whose text is an XSS payload as plain text, and no script runs", async () => {
    await visit("/explore", "onerror");
    const card = page.locator("article", { hasText: "onerror" });
    expect(await card.locator(".status-content").textContent()).toContain(XSS);
    expect(
      await card.locator(".status-content img, .status-content script, .status-content svg").count(),
    ).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  });

  it("collapses a content warning until asked, and opens images in a lightbox", async () => {
    await visit("/explore", "Book ending");
    const cw = page.locator("article", { hasText: "Book ending" });
    expect(await cw.getByText("Spoilers for the book club").count()).toBe(0);
    await cw.getByRole("button", { name: "Show more" }).click();
    await cw.getByText("Spoilers for the book club").waitFor();

    const post = page.locator("article", { hasText: "New print drying" }).first();
    await post.getByRole("button", { name: "Open image: Blue test print" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("img", { name: "Blue test print" }).waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  it("moves between posts with j/k, opens help with ?, and the composer with n", async () => {
    await visit("/", "New print drying");
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    const first = await page.evaluate(() => document.activeElement?.getAttribute("data-status-id"));
    await page.keyboard.press("j");
    const second = await page.evaluate(() => document.activeElement?.getAttribute("data-status-id"));
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    await page.keyboard.press("k");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-status-id"))).toBe(first);
    await page.keyboard.press("Enter"); // opens the focused post
    await page.waitForURL((url) => url.pathname.endsWith(`/${first}`));
    await page.goBack();
    await page.getByText("New print drying").first().waitFor();

    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await page.keyboard.press("n");
    const composer = page.getByRole("dialog", { name: "New post" });
    await composer.waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    await page.keyboard.press("Escape");
    await composer.waitFor({ state: "detached" });
  });

  it("counts characters against the instance limit and refuses a post that is too long", async () => {
    await visit("/", "New print drying");
    const composer = page.getByRole("form", { name: "Write a post" });
    await composer.getByLabel("What's new?").fill("x".repeat(510));
    expect(await composer.locator(".counter").textContent()).toContain("-10");
    expect(await composer.getByRole("button", { name: "Post" }).isDisabled()).toBe(true);
    await composer.getByLabel("What's new?").fill("");
  });

  it("rolls a favourite back, with a message, when the server refuses it", async () => {
    await visit("/explore", "Book ending");
    await page.route("**/api/v1/statuses/*/favourite", (route) =>
      route.fulfill({ status: 429, contentType: "application/json", body: '{"error":"Too many requests"}' }),
    );
    const card = page.locator("article", { hasText: "Book ending" });
    await card.getByRole("button", { name: "Favourite", exact: true }).click();
    await page.getByText("You're doing that too often").waitFor();
    await card.getByRole("button", { name: "Favourite", exact: true, pressed: false }).waitFor();
    await page.unroute("**/api/v1/statuses/*/favourite");
  });

  it("lists followers and following, and shows only media posts on the media tab", async () => {
    await visit("/@alice", "Printmaker");
    await page.getByRole("link", { name: "Followers" }).first().click();
    await page.getByRole("region", { name: "Followers" }).getByRole("link", { name: /bob/ }).waitFor();
    await page.getByRole("link", { name: "Following", exact: true }).click();
    await page.getByRole("region", { name: "Following" }).getByRole("link", { name: /bob/ }).waitFor();
    await page.getByRole("link", { name: "Media", exact: true }).click();
    await page.getByText("New print drying").waitFor();
    expect(await page.locator("article[data-status-id]").count()).toBe(1);
  });

  it("reports a post through the menu's dialog", async () => {
    await visit("/explore", "Book ending");
    const card = page.locator("article", { hasText: "Book ending" });
    await card.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Report @bob" }).click();
    const dialog = page.getByRole("dialog", { name: "Report @bob" });
    await dialog.getByLabel("It's spam").check();
    await dialog
      .getByLabel("Anything the moderators should know?")
      .fill("Posting the ending without warning");
    await dialog.getByRole("button", { name: "Send report" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("the moderators will look at it").waitFor();
  });

  it("prints the home page's first-load time (median of 5)", async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await fresh.addInitScript((token) => localStorage.setItem("atelier.token", token), alice.token);
      const tab = await fresh.newPage();
      const start = Date.now();
      await tab.goto(server.url);
      await tab.locator("article[data-status-id]").first().waitFor();
      times.push(Date.now() - start);
      await fresh.close();
    }
    console.log(
      `[web] home first load (cold cache, signed in, until the first post shows): median ${median(times)} ms of [${times.join(", ")}]`,
    );
    await screenshot(page, "web-home-after-load", { width: 1280 });
  });
});
