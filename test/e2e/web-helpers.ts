// Helpers for driving the web app in a real Chromium: sign-up through the app's own form, a
// small real PNG to upload, and axe-core run inside the page.
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { expect } from "vitest";
import { bundleReport, ensureWebBuilt } from "../../web/build.ts";

export const PASSWORD = "correct horse battery staple";
const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Builds web/dist when it is missing or older than web/src, so the suite tests current code. */
export function prepareWebApp(): void {
  ensureWebBuilt({ rebuildStale: true });
}

export function printBundleSize(): void {
  const report = bundleReport();
  const total = report.reduce((sum, f) => sum + f.bytes, 0);
  const gzip = report.reduce((sum, f) => sum + f.gzip, 0);
  console.log(
    `[web] bundle: ${(total / 1024).toFixed(1)} kB in ${report.length} files (gzip ${(gzip / 1024).toFixed(1)} kB)`,
  );
}

export interface Person {
  context: BrowserContext;
  page: Page;
  username: string;
  errors: string[];
}

/** A separate browser profile (its own localStorage) with page errors collected. */
export async function newPerson(browser: Browser, username: string): Promise<Person> {
  // bypassCSP lets axe-core be injected; it also means the XSS checks prove the rendering is safe
  // on its own, without the Content-Security-Policy's help.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  return { context, page, username, errors };
}

/** A page already signed in with `token` (an API-registered account), with page errors collected. */
export async function signedInPage(
  browser: Browser,
  token: string,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await context.addInitScript((t) => localStorage.setItem("atelier.token", t), token);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  return { page, errors };
}

export async function signUpInBrowser(person: Person, baseUrl: string): Promise<void> {
  const { page, username } = person;
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("I agree").check();
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("link", { name: "Profile" }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/");
}

/** A real image file, as a person would pick it. */
export async function pngFile(color: string, name = "picture.png") {
  const buffer = await sharp({ create: { width: 96, height: 64, channels: 3, background: color } })
    .png()
    .toBuffer();
  return { name, mimeType: "image/png", buffer };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; returns serious and critical violations, readable. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
