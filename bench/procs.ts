// Child processes and console output for the harness. Every child is tracked, so an error or
// Ctrl-C never leaves a server behind; progress goes to stderr as a live bar on a terminal and as
// plain lines otherwise.

import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import { freePort } from "../src/util/free-port.ts";

/** A failure the harness explains itself: printed without a stack trace. */
export class BenchError extends Error {}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
/** Run on exit or interrupt, e.g. dropping a temporary PostgreSQL database. */
const cleanups = new Set<() => Promise<void>>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** A directory removed when the harness exits, whatever happens. */
export function trackTempDir(dir: string): () => void {
  tempDirs.add(dir);
  return () => {
    fs.rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  };
}

/**
 * Work that must finish before the harness exits, even on an interrupt (it also runs on normal
 * paths). Runs once; an interrupt waits for a run already under way instead of cutting it off.
 */
export function trackCleanup(cleanup: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  const once = () => {
    running ??= cleanup().finally(() => cleanups.delete(once));
    return running;
  };
  cleanups.add(once);
  return once;
}

process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    clearProgress();
    process.stderr.write(`${signal}: stopping servers…\n`);
    Promise.all([...children].map((child) => stopChild(child, 5_000)))
      .then(() => Promise.allSettled([...cleanups].map((cleanup) => cleanup())))
      .finally(() => process.exit(130));
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed by a signal). */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

export function exitedEarly(child: ChildProcess, what: string, output: () => string): Promise<never> {
  const early = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) =>
      reject(
        new BenchError(`${what} exited (${signal ?? `code ${code}`}) before it was ready:\n${output()}`),
      ),
    );
  });
  early.catch(() => {});
  return early;
}

/** Keeps the last `limit` characters a child wrote, for error messages. */
export function capture(child: ChildProcess, limit = 32_000): () => string {
  let output = "";
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-limit);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  return () => output;
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr.

const tty = process.stderr.isTTY === true;
let progressShown = false;

export function clearProgress() {
  if (progressShown) process.stderr.write("\r\x1b[2K");
  progressShown = false;
}

export function status(line: string) {
  if (interrupted) return;
  clearProgress();
  process.stderr.write(`${line}\n`);
}

/** A bar of `done` out of `total`, redrawn in place on a terminal; silent otherwise. */
export function showProgress(label: string, done: number, total: number, suffix: string) {
  if (!tty || interrupted || done > total) return;
  const width = 24;
  const filled = Math.min(width, Math.round((width * done) / Math.max(total, 1)));
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  process.stderr.write(`\r\x1b[2K  ${label.padEnd(26)} ${bar} ${suffix}`);
  progressShown = true;
}

export { freePort };
