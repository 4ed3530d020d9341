// A real browser for end-to-end tests: Debian's Chromium driven by playwright-core (never a
// downloaded browser). Suites skip with a printed reason when the binary is missing; `.ci/run`
// installs it. Screenshots land in .artifacts/screenshots/ (gitignored) so people can look at them.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const SCREENSHOT_DIR = fileURLToPath(new URL("../../.artifacts/screenshots/", import.meta.url));

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

export type ColorScheme = "light" | "dark";

/** The widths and themes every page is checked in: a phone and a laptop, light and dark. */
export const WIDTHS = [375, 1280] as const;
export const COLOR_SCHEMES: readonly ColorScheme[] = ["light", "dark"];

let reported = false;

/**
 * The Chromium executable, or null — after printing why — when it is not there, so a suite can
 * `describe.skipIf(!findChromium())` on a machine without a browser.
 */
export function findChromium(): string | null {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return CHROMIUM_PATH;
  } catch {
    if (!reported) {
      reported = true;
      console.warn(
        `[e2e] skipping browser tests: no Chromium at ${CHROMIUM_PATH} ` +
          "(install Debian's: apt-get install chromium, or run `bash .ci/run`; or set CHROMIUM_PATH)",
      );
    }
    return null;
  }
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`no Chromium at ${CHROMIUM_PATH}`);
  return chromium.launch({ executablePath, args: ARGS, timeout: 30_000 });
}

export interface ScreenshotOptions {
  /** Viewport width in CSS pixels (default: the page's current width). */
  width?: number;
  /** Emulated `prefers-color-scheme` (default: light). */
  colorScheme?: ColorScheme;
  /** Capture the whole scrollable page, not only the viewport (default: true). */
  fullPage?: boolean;
}

/**
 * Sets the viewport width and colour scheme, then writes `<name>-<width>-<scheme>.png` under
 * .artifacts/screenshots/ and returns its path. The page keeps that width and scheme afterwards.
 */
export async function screenshot(page: Page, name: string, options: ScreenshotOptions = {}): Promise<string> {
  const colorScheme = options.colorScheme ?? "light";
  const current = page.viewportSize() ?? { width: 1280, height: 800 };
  const width = options.width ?? current.width;
  if (width !== current.width) {
    await page.setViewportSize({ width, height: width < 600 ? 812 : 800 });
  }
  await page.emulateMedia({ colorScheme });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, "-")}-${width}-${colorScheme}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true, animations: "disabled" });
  return file;
}

/** One screenshot per width × colour scheme ({@link WIDTHS} × {@link COLOR_SCHEMES}); returns the paths. */
export async function screenshotAll(page: Page, name: string): Promise<string[]> {
  const files: string[] = [];
  for (const width of WIDTHS) {
    for (const colorScheme of COLOR_SCHEMES) files.push(await screenshot(page, name, { width, colorScheme }));
  }
  return files;
}
