// Starts a real Atelier server on a free port with a temporary DATA_DIR, in this process (fast) or
// as a child process running the CLI (for crash, lock and signal tests).

import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { freePort } from "../../src/util/free-port.ts";
import { createTestDatabase, type TestDatabase } from "./postgres.ts";

export const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

export interface TestServer {
  url: string;
  dataDir: string;
  /** The PostgreSQL database it runs on (driver "postgres"), for a second server to share. */
  databaseUrl?: string;
  /** The server itself, for tests that reach past HTTP (its database, its real-time parts). */
  running: RunningServer;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "atelier-test-"));
}

export interface TestServerOptions {
  /** "postgres" runs on a fresh database of the local server; callers skip when that returns null. */
  driver?: "pglite" | "postgres";
  /** Run on this existing PostgreSQL database (another test server's) instead of a fresh one; it is not dropped on stop. */
  databaseUrl?: string;
  env?: Record<string, string>;
  /** Start like `npm start` does: the demo network on the empty database. */
  seedDemo?: boolean;
}

/** An in-process server. Resolves to null only when driver is "postgres" and no server is reachable. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer | null> {
  let database: TestDatabase | null = null;
  // The "postgres" Vitest project (vitest.config.ts) runs the same API suite on PostgreSQL.
  const driver = options.driver ?? (process.env.ATELIER_TEST_DRIVER === "postgres" ? "postgres" : "pglite");
  if (driver === "postgres" && !options.databaseUrl) {
    database = await createTestDatabase();
    if (!database) return null;
  }
  const dataDir = tempDataDir();
  const env = {
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    RATE_LIMIT: "off",
    LOG_LEVEL: "warn",
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const server = await startServer(config, {
    role: "all",
    logger: createLogger(config.logLevel),
    seedDemo: options.seedDemo ?? false,
  });
  const databaseUrl = options.databaseUrl ?? database?.url;
  return {
    url: server.url!,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    running: server,
    async stop() {
      await server.close();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ChildServer {
  process: ChildProcess;
  output(): string;
  /** Resolves with the base URL once the server logs that it is ready. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

/** Runs `node src/main.ts <args>` with the pinned Node (vitest already runs on it). */
export function spawnCli(args: string[], env: Record<string, string>): ChildServer {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, RATE_LIMIT: "off", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"Atelier is ready"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    exited.then((code) => reject(new Error(`atelier exited with ${code} before it was ready:\n${output}`)));
  });
  ready.catch(() => {}); // callers that only await `exited` must not see an unhandled rejection
  return { process: child, output: () => output, ready, exited };
}

export { freePort };
