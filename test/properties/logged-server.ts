// A test server like test/support/server.ts's, but whose log lines are kept so a test can fail on
// any error the server logged (level 50+: an unhandled error behind a 500, a failed stream render),
// and which can list the routes its app mounts.
import fs from "node:fs";
import pino from "pino";
import { createAiService } from "../../src/ai/registry.ts";
import { createMetrics } from "../../src/api/metrics.ts";
import { createApp } from "../../src/app.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { createMediaStorage } from "../../src/media/storage.ts";
import { createSocialContext, type RunningServer, startServer } from "../../src/server.ts";
import { freePort, tempDataDir } from "../support/server.ts";

export interface LoggedServer {
  url: string;
  config: Config;
  running: RunningServer;
  /** Parsed log lines at error level or above, in order. */
  errors(): Record<string, unknown>[];
  /** Every `METHOD path` pattern the app mounts (middleware-only `ALL` entries left out). */
  routes(): { method: string; path: string }[];
  stop(): Promise<void>;
}

export async function startLoggedServer(env: Record<string, string> = {}): Promise<LoggedServer> {
  const dataDir = tempDataDir();
  const config = loadConfig({
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    RATE_LIMIT: "off",
    LOG_LEVEL: "warn",
    ...env,
  });
  const errors: Record<string, unknown>[] = [];
  const logger = pino(
    { level: config.logLevel, base: { service: "atelier" } },
    {
      write(line: string) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (typeof entry.level === "number" && entry.level >= 50) errors.push(entry);
      },
    },
  );
  const running = await startServer(config, { role: "all", logger });
  return {
    url: running.url!,
    config,
    running,
    errors: () => errors,
    routes() {
      // The same composition as the running server's, built only to read its route table.
      const storage = createMediaStorage(config);
      const app = createApp({
        config,
        logger,
        metrics: createMetrics(),
        social: createSocialContext(config, running.database, logger),
        storage,
        serialize: { publicUrl: config.publicUrl, mediaUrl: (key: string) => storage.urlFor(key) },
        realtime: running.realtime,
        ai: createAiService(config),
        apps: running.apps,
        assistant: running.assistant,
      });
      const seen = new Map<string, { method: string; path: string }>();
      for (const { method, path } of app.routes) {
        if (method !== "ALL") seen.set(`${method} ${path}`, { method, path });
      }
      return [...seen.values()];
    },
    async stop() {
      await running.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
