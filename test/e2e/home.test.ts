// The home page as a person sees it in a real Chromium: the name, a working link to the API, and a
// page that fits a phone and a laptop in light and dark (screenshots in .artifacts/screenshots/).
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchBrowser, screenshot, screenshotAll } from "../support/browser.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

describe.skipIf(!findChromium())("home page in a real browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer().then((s) => s!), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(path = "/") {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    pageErrors = [];
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") pageErrors.push(msg.text());
    });
    const response = await page.goto(new URL(path, server.url).href);
    expect(response?.status()).toBe(200);
    return page;
  }
  afterEach(async () => {
    await page?.close();
  });

  it("shows the Atelier name and logo", async () => {
    await open();
    expect(await page.title()).toBe("Atelier");
    const heading = page.getByRole("heading", { level: 1 });
    expect(await heading.isVisible()).toBe(true);
    expect((await heading.textContent())?.trim()).toBe("Atelier");
    const logo = heading.locator("img");
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("links to the instance API, and the link answers with the instance document", async () => {
    await open();
    const link = page.getByRole("link", { name: "/api/v2/instance" });
    expect(await link.isVisible()).toBe(true);
    const [response] = await Promise.all([
      page.waitForResponse((res) => new URL(res.url()).pathname === "/api/v2/instance"),
      link.click(),
    ]);
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/api/v2/instance");
    const instance = (await response.json()) as { title: string; domain: string };
    expect(instance.title).toBe("Atelier");
    expect(await page.locator("body").textContent()).toContain('"title":"Atelier"');
  });

  it("fits a phone and a laptop screen, in light and dark", async () => {
    await open();
    const files = await screenshotAll(page, "home");
    expect(files).toHaveLength(4);
    for (const file of files) expect(fs.statSync(file).size).toBeGreaterThan(2_000);

    // What a person sees: the corner pixel of the screenshot is light in light mode, dark in dark mode.
    const corner = async (file: string) => {
      const { data } = await sharp(file).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer({
        resolveWithObject: true,
      });
      return (data[0]! + data[1]! + data[2]!) / 3;
    };
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const colorScheme of ["light", "dark"] as const) {
      const file = await screenshot(page, "home", { width: 375, colorScheme });
      expect(await overflow()).toBeLessThanOrEqual(0); // no sideways scrolling on a phone
      if (colorScheme === "light") expect(await corner(file)).toBeGreaterThan(200);
      else expect(await corner(file)).toBeLessThan(60);
    }
    expect(await page.getByRole("heading", { name: "Atelier" }).isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
