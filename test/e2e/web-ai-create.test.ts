// Creating with AI in the web app, on the built-in engine: sign up, create an image from a prompt
// and watch its progress arrive on the stream, attach it (with generated alt text), improve the
// text through the suggestion diff, describe an uploaded image (a draft), post — the post shows
// the AI label; another person remixes it ("remix of @alice") and alice is notified. Then the
// "AI usage" settings and the allow-remix switch, and screenshots of the new UI.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchBrowser, screenshotAll } from "../support/browser.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  newPerson,
  type Person,
  pngFile,
  prepareWebApp,
  seriousA11yViolations,
  signUpInBrowser,
} from "./web-helpers.ts";

const PROMPT = "a red lighthouse at dusk";
const DRAFT = "i has a new print of the lighthouse. its very good";

describe.skipIf(!findChromium())("creating with AI in the web app", { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  const streamEvents: { state: string; progress: number }[] = [];

  beforeAll(async () => {
    prepareWebApp();
    [server, browser] = await Promise.all([startTestServer().then((s) => s!), launchBrowser()]);
    [alice, bob] = await Promise.all([newPerson(browser, "alice"), newPerson(browser, "bob")]);
    // Every `ai.image` event the user stream delivers to alice's page.
    alice.page.on("websocket", (socket) =>
      socket.on("framereceived", ({ payload }) => {
        const message = JSON.parse(String(payload)) as { event?: string; payload?: string };
        if (message.event !== "ai.image") return;
        const generation = JSON.parse(message.payload!) as { state: string; progress: number };
        streamEvents.push({ state: generation.state, progress: generation.progress });
      }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const composerOf = (page: Page) => page.getByRole("form", { name: "Write a post" });

  it("signs up, creates an image from a prompt with live progress, and attaches it with alt text", async () => {
    await signUpInBrowser(alice, server.url);
    const composer = composerOf(alice.page);
    await composer.getByLabel("What's new?").fill(DRAFT);
    await composer.getByRole("button", { name: "Create image" }).click();
    const panel = composer.getByRole("region", { name: "Create an image" });
    await panel.getByLabel("Describe the image").fill(PROMPT);
    await panel.getByLabel("Style").selectOption("watercolor");
    await panel.getByLabel("How many").selectOption("2");
    await panel.getByRole("button", { name: "Generate", exact: true }).click();
    // The job starts queued: progress shows at once, then fills from the stream.
    await panel.getByRole("progressbar", { name: "Image generation progress" }).waitFor();
    await panel.getByRole("button", { name: "Pick image 2" }).waitFor({ timeout: 120_000 });
    expect(await panel.getByText("Made by the built-in engine").count()).toBe(1);
    expect(streamEvents.some((e) => e.state === "running")).toBe(true);
    expect(streamEvents.at(-1)).toEqual({ state: "succeeded", progress: 1 });
    await screenshotAll(alice.page, "ai-create-image");

    await panel.getByRole("button", { name: "Pick image 2" }).click();
    expect(await panel.getByRole("button", { name: "Pick image 2" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await panel.getByRole("button", { name: "Attach 1 image" }).click();
    await panel.waitFor({ state: "detached" });
    // Attached with alt text written from its prompt, and who wrote it.
    const alt = composer.getByLabel("Alt text for image 1");
    expect(await alt.inputValue()).toContain(PROMPT);
    await composer.getByText("Written by the built-in engine.").waitFor();
  });

  it("improves the text: one suggestion accepted alone, then all of them", async () => {
    const composer = composerOf(alice.page);
    const text = composer.getByLabel("What's new?");
    await composer.getByRole("button", { name: "Improve" }).click();
    const panel = composer.getByRole("region", { name: "Improve your post" });
    await panel.getByLabel("Tone").selectOption("friendlier");
    await panel.getByRole("button", { name: "Suggest changes" }).click();
    await panel.getByText("Suggestions by the built-in engine").waitFor();
    // Each suggestion is a diff: the old words struck out, the new ones inserted.
    const first = panel.locator(".ai-suggestion").first();
    expect(await first.locator("del").textContent()).toBe("i");
    expect(await first.locator("ins").textContent()).toBe("I");
    await screenshotAll(alice.page, "ai-improve");

    await panel.getByRole("button", { name: "Accept suggestion 1" }).click();
    await panel.getByRole("button", { name: "Reject suggestion 2" }).click();
    await panel.getByRole("button", { name: "Apply 1 change" }).click();
    expect(await text.inputValue()).toBe(`I${DRAFT.slice(1)}`);

    await composer.getByRole("button", { name: "Improve" }).click();
    await panel.getByRole("button", { name: "Suggest changes" }).click();
    await panel.getByRole("button", { name: "Accept all" }).waitFor();
    const count = await panel.locator(".ai-suggestion").count();
    expect(count).toBeGreaterThan(2);
    await panel.getByRole("button", { name: "Accept all" }).click();
    await panel.getByRole("button", { name: `Apply ${count} changes` }).click();
    const improved = await text.inputValue();
    expect(improved).toMatch(/^I have a new print of the lighthouse\. Its /);
  });

  it("describes an uploaded image (a draft to check) and posts: the post shows the AI label", async () => {
    const composer = composerOf(alice.page);
    await composer.locator("input[type=file]").setInputFiles(await pngFile("#1f6fb2", "sea.png"));
    await composer.getByRole("button", { name: "Describe image 2" }).click();
    await composer.getByText("Draft from the built-in engine").waitFor();
    expect(await composer.getByLabel("Alt text for image 2").inputValue()).not.toBe("");
    await composer.getByRole("button", { name: "Post" }).click();

    const card = alice.page.locator("article", { hasText: "I have a new print of the lighthouse" });
    await card.waitFor();
    await card.getByRole("button", { name: "Made with AI" }).click();
    await card.getByText(PROMPT, { exact: true }).waitFor();
    expect(await card.getByRole("img", { name: new RegExp(PROMPT) }).count()).toBe(1);
    expect(await composerOf(alice.page).getByLabel("What's new?").inputValue()).toBe("");
  });

  it("another person remixes it, the remix says whose it remixes, and alice is notified", async () => {
    await signUpInBrowser(bob, server.url);
    await bob.page.goto(`${server.url}/@alice`);
    const original = bob.page.locator("article", { hasText: "I have a new print of the lighthouse" });
    await original.getByRole("button", { name: "Remix" }).click();
    const dialog = bob.page.getByRole("dialog", { name: "Remix @alice's image" });
    const panel = dialog.getByRole("region", { name: "Create your remix" });
    expect(await panel.getByLabel("Describe the image").inputValue()).toBe(PROMPT);
    await panel.getByLabel("Describe the image").fill(`${PROMPT}, in neon`);
    await panel.getByLabel("How many").selectOption("1");
    await panel.getByRole("button", { name: "Generate", exact: true }).click();
    await panel.getByRole("button", { name: "Pick image 1" }).click({ timeout: 120_000 });
    await screenshotAll(bob.page, "ai-remix-dialog");
    await panel.getByRole("button", { name: "Attach 1 image" }).click();
    await dialog.getByLabel("What's new?").fill("My neon take on it");
    await dialog.getByRole("button", { name: "Post" }).click();
    await dialog.waitFor({ state: "detached" });

    await bob.page.goto(`${server.url}/@bob`);
    const remix = bob.page.locator("article", { hasText: "My neon take on it" });
    await remix.getByText("remix of").waitFor();
    expect(await remix.getByRole("link", { name: "@alice" }).getAttribute("href")).toMatch(/^\/@alice\/\d+$/);
    await screenshotAll(bob.page, "ai-remix-post");

    await alice.page.getByRole("link", { name: /Notifications/ }).click();
    const note = alice.page.getByRole("article", { name: "bob remixed your image" });
    await note.waitFor();
    await note.getByText("My neon take on it").waitFor();
  });

  it("shows AI usage per model in settings, and turning remixing off hides Remix for others", async () => {
    await alice.page.goto(`${server.url}/settings`);
    const usage = alice.page.getByRole("region", { name: "AI usage" });
    const table = usage.getByRole("table");
    await table.waitFor();
    const sketch = table.getByRole("row", { name: /builtin:sketch/ });
    // Two images generated by alice (bob's remix is his).
    expect(await sketch.getByRole("cell").nth(1).textContent()).toBe("2");
    expect(await usage.getByText(/Images today: 2 of/).count()).toBe(1);
    await screenshotAll(alice.page, "ai-settings-usage");

    const toggle = alice.page.getByLabel("Let others remix the images I make with AI");
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await alice.page.getByRole("button", { name: "Save changes" }).click();
    await alice.page.getByText("Profile saved").waitFor();

    await bob.page.goto(`${server.url}/@alice`);
    const original = bob.page.locator("article", { hasText: "I have a new print of the lighthouse" });
    await original.getByRole("button", { name: "Made with AI" }).waitFor();
    expect(await original.getByRole("button", { name: "Remix" }).count()).toBe(0);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it("has no serious accessibility problems in the open AI panels", async () => {
    await alice.page.goto(server.url);
    const composer = composerOf(alice.page);
    await composer.getByLabel("What's new?").fill("checking the panels");
    await composer.getByRole("button", { name: "Create image" }).click();
    expect(await seriousA11yViolations(alice.page)).toEqual([]);
  });
});
