// The server serves the web app: the shell at / and at every client route (a reload of
// /@alice/123 works), hashed assets cached forever, API paths never shadowed by the shell.
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchBrowser, screenshotAll } from "../support/browser.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { prepareWebApp, seriousA11yViolations } from "./web-helpers.ts";

describe("serving the web app", () => {
  let server: TestServer;
  let browser: Browser | undefined;
  beforeAll(async () => {
    prepareWebApp();
    [server, browser] = await Promise.all([
      startTestServer().then((s) => s!),
      findChromium() ? launchBrowser() : undefined,
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const page = (path: string, accept = "text/html,application/xhtml+xml") =>
    fetch(`${server.url}${path}`, { headers: { Accept: accept } });

  it("answers / and client routes with the app shell, never cached, with a strict CSP", async () => {
    for (const path of ["/", "/@alice", "/@alice/123", "/tags/art", "/notifications", "/search?q=x"]) {
      const res = await page(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it("serves hashed assets with immutable caching, compressed", async () => {
    const html = await (await page("/")).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const res = await fetch(`${server.url}${script}`, { headers: { "Accept-Encoding": "br" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-encoding")).toBe("br");
    expect((await res.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`${server.url}/assets/nope-123.js`)).status).toBe(404);
  });

  it("never shadows the API, OAuth or media paths, even for a browser asking for HTML", async () => {
    const api = await page("/api/v1/nope");
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: "Record not found" });
    expect((await page("/api/v2/instance")).headers.get("content-type")).toMatch(/json/);
    expect((await page("/oauth/authorize")).status).toBe(400); // its own error page, not the app
    expect((await page("/media/nope.png")).headers.get("content-type")).not.toMatch(/^text\/html/);
    // Paths that are not the app's routes stay the server's: the JSON 404, even for a browser.
    for (const path of ["/nowhere", "/mcp/x", "/@alice/1/2"]) {
      const res = await page(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/json/);
    }
    // A client asking for JSON at an app route gets the JSON 404, not the shell.
    expect((await page("/notifications", "application/json")).status).toBe(404);
  });

  it("names no contact account until someone signs up, so the app can invite the first admin", async () => {
    const instance = (await (await fetch(`${server.url}/api/v2/instance`)).json()) as {
      contact: { account: unknown };
    };
    expect(instance.contact.account).toBeNull();
  });

  describe.skipIf(!findChromium())("in a real browser", () => {
    let tab: Page;
    afterEach(() => tab?.close());

    it("shows the Atelier name and logo and the explore feed with no errors", async () => {
      tab = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      tab.on("pageerror", (err) => errors.push(err.message));
      await tab.goto(`${server.url}/`);
      expect(await tab.title()).toBe("Atelier");
      const brand = tab.getByRole("link", { name: "Atelier" });
      await brand.waitFor();
      const logo = brand.locator("img");
      expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await tab.getByRole("tab", { name: "Explore" }).waitFor();
      await tab.getByText("No public posts yet").waitFor();
      expect(errors).toEqual([]);
    });

    it("shows the welcome and sign-up pages to a visitor, accessibly, at both widths and themes", async () => {
      tab = await browser!.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
      for (const [name, path, ready] of [
        ["welcome", "/", "Create the admin account"],
        ["signup", "/signup", "You're the first here"],
      ] as const) {
        await tab.goto(`${server.url}${path}`);
        await tab.getByText(ready).first().waitFor();
        expect(await screenshotAll(tab, `web-${name}`)).toHaveLength(4);
        await tab.setViewportSize({ width: 1280, height: 800 });
        expect(await seriousA11yViolations(tab)).toEqual([]);
      }
    });

    it("explains, instead of going blank, when a page's code can't be loaded", async () => {
      tab = await browser!.newPage();
      await tab.route("**/assets/thread-*.js", (route) => route.abort());
      await tab.goto(`${server.url}/@alice/123`);
      await tab.getByRole("alert").getByText("Something went wrong showing this page").waitFor();
      await tab.getByRole("button", { name: "Reload" }).waitFor();
    });

    it("renders a deep link (reload of a client route) and an unknown page in plain words", async () => {
      tab = await browser!.newPage();
      await tab.goto(`${server.url}/@nobody`);
      await tab.getByRole("alert").getByText("doesn't exist").waitFor();
      await tab.goto(`${server.url}/@nobody/with_nothing`);
      await tab.getByRole("heading", { name: "Page not found" }).waitFor();
    });
  });
});
