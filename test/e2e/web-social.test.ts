// Two people use the web app in two browser profiles against a real server: sign-up, a post with
// an image and alt text arriving live, a reply and a favourite notified live, an edit, the
// thread, search, and signing out (the token is revoked) and back in through OAuth + PKCE.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchBrowser } from "../support/browser.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { newPerson, PASSWORD, type Person, pngFile, prepareWebApp, signUpInBrowser } from "./web-helpers.ts";

describe.skipIf(!findChromium())("the web app: two people, live", () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  const postText = "Finished the lighthouse linocut today #printmaking";
  const editedText = "Finished the lighthouse linocut today, three colours #printmaking";
  const altText = "A red linocut print of a lighthouse on a cliff";

  beforeAll(async () => {
    prepareWebApp();
    [server, browser] = await Promise.all([startTestServer().then((s) => s!), launchBrowser()]);
    [alice, bob] = await Promise.all([newPerson(browser, "alice"), newPerson(browser, "bob")]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("invites the first visitor to create the admin account, then signs both people up", async () => {
    await alice.page.goto(server.url);
    await alice.page.getByRole("link", { name: "Create the admin account" }).click();
    expect(await alice.page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "Create the admin account",
    );
    await signUpInBrowser(alice, server.url);
    // The server is claimed now: the next visitor is invited to an ordinary account.
    await bob.page.goto(server.url);
    await bob.page.getByRole("link", { name: "Create an account" }).waitFor();
    await signUpInBrowser(bob, server.url);
    // A reload keeps the session.
    await bob.page.reload();
    await bob.page.getByRole("link", { name: "Profile" }).waitFor();
    expect(await bob.page.getByText("@bob").first().isVisible()).toBe(true);
  });

  it("bob follows alice; alice's post with an image and alt text arrives live in bob's feed", async () => {
    await bob.page.goto(`${server.url}/@alice`);
    await bob.page.getByRole("button", { name: "Follow" }).click();
    await bob.page.getByRole("button", { name: "Unfollow @alice" }).waitFor();
    await bob.page.getByRole("link", { name: "Home", exact: true }).click();
    await bob.page.getByText("Nothing here yet").waitFor();

    const composer = alice.page.getByRole("form", { name: "Write a post" });
    await composer.getByLabel("What's new?").fill(postText);
    await composer.locator("input[type=file]").setInputFiles(await pngFile("#c0392b", "linocut.png"));
    await composer.getByLabel("Alt text for image 1").fill(altText);
    await composer.getByRole("button", { name: "Post" }).click();
    await alice.page.locator("article", { hasText: "lighthouse linocut" }).waitFor();

    // Bob sees a pill, not a jump; the post appears when he asks for it.
    const pill = bob.page.getByRole("button", { name: "1 new post" });
    await pill.waitFor({ timeout: 15_000 });
    await pill.click();
    const card = bob.page.locator("article", { hasText: "lighthouse linocut" });
    await card.waitFor();
    const image = card.getByRole("img", { name: altText });
    await image.waitFor();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    await card.getByRole("button", { name: "Show image description" }).click();
    expect(await card.getByText(altText, { exact: true }).count()).toBeGreaterThan(0);
    expect(await bob.page.locator("article[data-status-id]").count()).toBe(1); // no duplicate from the stream
  });

  it("bob replies and favourites; alice's notifications arrive live", async () => {
    await alice.page.getByRole("link", { name: "Notifications" }).click();
    await alice.page.getByText("followed you").waitFor(); // bob's follow, from before

    const card = bob.page.locator("article", { hasText: "lighthouse linocut" });
    await card.getByRole("button", { name: "Favourite", exact: true }).click();
    // Optimistic: pressed and counted at once, and still so after the server answers.
    await card.getByRole("button", { name: "Favourite 1", pressed: true }).waitFor();

    await card.getByRole("button", { name: "Reply", exact: true }).click();
    const dialog = bob.page.getByRole("dialog", { name: "Reply to @alice" });
    const box = dialog.getByLabel("Your reply");
    expect(await box.inputValue()).toBe("@alice ");
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true); // focus moved into the dialog
    await box.pressSequentially("The sky gradient is lovely!");
    expect(await box.inputValue()).toBe("@alice The sky gradient is lovely!"); // typed after the mention
    await dialog.getByRole("button", { name: "Reply", exact: true }).click();
    await dialog.waitFor({ state: "detached" });

    await alice.page.getByText("favourited your post").waitFor({ timeout: 15_000 });
    await alice.page.getByText("The sky gradient is lovely!").waitFor({ timeout: 15_000 });
    expect(alice.errors).toEqual([]);
  });

  it("alice edits her post, and bob opens the thread with the new text and his reply", async () => {
    await alice.page.getByRole("link", { name: "Home", exact: true }).click();
    const card = alice.page.locator("article", { hasText: "lighthouse linocut" });
    await card.getByRole("button", { name: "More actions" }).click();
    await alice.page.getByRole("menuitem", { name: "Edit" }).click();
    const dialog = alice.page.getByRole("dialog", { name: "Edit post" });
    const box = dialog.getByLabel("What's new?");
    await expect.poll(() => box.inputValue()).toBe(postText); // starts from the source text
    await box.fill(editedText);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });
    await card.getByText("three colours").waitFor();
    await card.getByRole("button", { name: "edited" }).click();
    const history = alice.page.getByRole("dialog", { name: "Edit history" });
    await history.getByText("three colours").waitFor(); // the new version…
    expect(await history.locator("li").count()).toBe(2); // …and the original
    await alice.page.keyboard.press("Escape");
    await history.waitFor({ state: "detached" });

    // The edit reached bob's open feed through the stream; then he opens the thread.
    const bobCard = bob.page.locator("article", { hasText: "lighthouse linocut" }).first();
    await bobCard.getByText("three colours").waitFor({ timeout: 15_000 });
    await bobCard.locator("time").click();
    await bob.page.getByRole("heading", { name: "Post by @alice" }).waitFor();
    const replies = bob.page.getByRole("region", { name: "Replies" });
    await replies.getByText("The sky gradient is lovely!").waitFor();
    expect(await bob.page.locator(".thread-focus").textContent()).toContain("three colours");
  });

  it("search finds the post", async () => {
    await bob.page.getByRole("link", { name: "Search" }).click();
    await bob.page.getByLabel("Search people, hashtags and posts").fill("lighthouse");
    await bob.page.getByRole("button", { name: "Search", exact: true }).click();
    const posts = bob.page.getByRole("region", { name: "Posts" });
    await posts.getByText("three colours").waitFor();
    expect(new URL(bob.page.url()).search).toBe("?q=lighthouse");
  });

  it("signs out (revoking the token) and back in through the server's sign-in page", async () => {
    const token = await bob.page.evaluate(() => localStorage.getItem("atelier.token"));
    expect(token).toBeTruthy();
    await bob.page.getByRole("button", { name: "Sign out" }).click();
    await bob.page.getByRole("button", { name: "Sign in" }).first().waitFor();
    await expect
      .poll(async () => {
        const res = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        return res.status;
      })
      .toBe(401);

    await bob.page.getByRole("button", { name: "Sign in" }).first().click();
    await bob.page.waitForURL((url) => url.pathname === "/oauth/authorize");
    expect(new URL(bob.page.url()).searchParams.get("code_challenge_method")).toBe("S256");
    await bob.page.getByLabel("Email or username").fill("bob");
    await bob.page.getByLabel("Password").fill(PASSWORD);
    await bob.page.getByRole("button", { name: "Authorize" }).click();
    await bob.page.getByRole("link", { name: "Profile" }).waitFor();
    expect(await bob.page.getByText("@bob").first().isVisible()).toBe(true);
    expect(await bob.page.evaluate(() => localStorage.getItem("atelier.token"))).not.toBe(token);
    expect(bob.errors).toEqual([]);
  });
});
