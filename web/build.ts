// Builds the web app when web/dist is missing (npm start) or older than its sources (e2e tests),
// and prints the bundle size. `node web/build.ts` builds only if needed; `--force` always builds.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const WEB = fileURLToPath(new URL(".", import.meta.url));
const DIST_INDEX = path.join(WEB, "dist", "index.html");
const VITE = fileURLToPath(new URL("../node_modules/vite/bin/vite.js", import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function webBuildIsCurrent(): boolean {
  if (!fs.existsSync(DIST_INDEX)) return false;
  const built = fs.statSync(DIST_INDEX).mtimeMs;
  const sources = Math.max(
    newestSource(path.join(WEB, "src")),
    fs.statSync(path.join(WEB, "index.html")).mtimeMs,
    fs.statSync(path.join(WEB, "vite.config.ts")).mtimeMs,
    // The one server module the app bundles (the composer counts characters with it).
    fs.statSync(path.join(WEB, "..", "src", "social", "content.ts")).mtimeMs,
  );
  return built >= sources;
}

/** Sizes of the built JS and CSS, raw and gzipped, for people to read (never asserted). */
export function bundleReport(): { file: string; bytes: number; gzip: number }[] {
  const dir = path.join(WEB, "dist", "assets");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const data = fs.readFileSync(path.join(dir, name));
      return { file: name, bytes: data.length, gzip: zlibGzipSize(data) };
    });
}

function zlibGzipSize(data: Buffer): number {
  return zlib.gzipSync(data, { level: 9 }).length;
}

export function buildWeb(): void {
  // Built aside, then swapped in, so a server running meanwhile never finds web/dist half-written.
  const staging = path.join(WEB, `.dist-${process.pid}`);
  const retired = path.join(WEB, `.dist-old-${process.pid}`);
  const result = spawnSync(
    process.execPath,
    [VITE, "build", "--config", path.join(WEB, "vite.config.ts"), "--outDir", staging, "--logLevel", "warn"],
    { stdio: "inherit" },
  );
  if (result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`the web app build failed (exit ${result.status})`);
  }
  const dist = path.join(WEB, "dist");
  if (fs.existsSync(dist)) fs.renameSync(dist, retired);
  fs.renameSync(staging, dist);
  fs.rmSync(retired, { recursive: true, force: true });
  const report = bundleReport();
  const total = report.reduce((sum, f) => sum + f.bytes, 0);
  const gzip = report.reduce((sum, f) => sum + f.gzip, 0);
  for (const f of report) console.log(`  web/dist/assets/${f.file}  ${kb(f.bytes)}  (gzip ${kb(f.gzip)})`);
  console.log(`web app bundle: ${kb(total)} (gzip ${kb(gzip)})`);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

const LOCK = path.join(WEB, ".build-lock");
const STALE_LOCK_MS = 120_000;

/** A directory as a cross-process mutex: test files running in parallel must not build at once. */
function withBuildLock(fn: () => void): void {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

export function ensureWebBuilt(options: { rebuildStale?: boolean } = {}): void {
  const ready = () => fs.existsSync(DIST_INDEX) && (!options.rebuildStale || webBuildIsCurrent());
  if (ready()) return;
  withBuildLock(() => {
    if (!ready()) buildWeb(); // another process may have built it while we waited
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (process.argv.includes("--force")) withBuildLock(buildWeb);
  else ensureWebBuilt();
}
