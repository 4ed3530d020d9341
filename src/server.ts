// Process lifecycle: take the data-dir lock, open and migrate the database, serve HTTP and/or run
// job workers, and shut all of it down gracefully (stop accepting, finish in-flight requests,
// drain jobs, close the database, release the lock).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AppsService } from "./ai/apps/service.ts";
import { AssistantService } from "./ai/assistant/service.ts";
import { startImageCreation } from "./ai/images/wiring.ts";
import { createAiService } from "./ai/registry.ts";
import { startStatusEmbedding } from "./ai/retrieval/wiring.ts";
import { createMetrics } from "./api/metrics.ts";
import { connectRedisRateLimitStore } from "./api/middleware/rate-limit-redis.ts";
import { createApp } from "./app.ts";
import type { Config, Role } from "./config.ts";
import { type DatabaseHandle, openDatabase } from "./db/client.ts";
import { type DataDirLock, lockDataDir } from "./db/lock.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { startMaintenance } from "./jobs/maintenance.ts";
import { countJobsByState } from "./jobs/queue.ts";
import { JobWorker } from "./jobs/worker.ts";
import type { Logger } from "./log.ts";
import { createMediaStorage } from "./media/storage.ts";
import { publishImageGenerationEvents } from "./realtime/ai-images.ts";
import { Realtime } from "./realtime/realtime.ts";
import { seedDemo } from "./seed/demo.ts";
import type { SocialContext } from "./social/context.ts";
import { SocialEvents } from "./social/events.ts";

export interface RunningServer {
  /** Base URL the HTTP server listens on, or null for a worker-only process. */
  url: string | null;
  database: DatabaseHandle;
  /** Null when this process runs no workers (--role web). */
  worker: JobWorker | null;
  realtime: Realtime;
  /** MCP apps for the assistant, with their live connections. */
  apps: AppsService;
  /** The assistant (conversations, tools, retrieval). */
  assistant: AssistantService;
  close(): Promise<void>;
}

export interface StartOptions {
  role: Role;
  logger: Logger;
  /** Fill an empty database with the demo network (`npm start` does, so newcomers see a feed). */
  seedDemo?: boolean;
}

/** Opens the database behind the data-dir lock (PGlite) and applies migrations. */
export async function openMigratedDatabase(config: Config, logger: Logger) {
  const lock: DataDirLock | null = config.databaseUrl ? null : lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      logger,
      statementCache: config.pgliteStatementCache,
    });
    await migrateDatabase(database);
    return { database, lock };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

export function createSocialContext(config: Config, database: DatabaseHandle, logger: Logger): SocialContext {
  return {
    db: database.db,
    events: new SocialEvents(),
    changes: database.changes,
    logger,
    settings: {
      publicUrl: config.publicUrl,
      registrationMode: config.registrationMode,
      maxStatusCharacters: config.maxStatusCharacters,
      maxMediaAttachments: 4,
    },
  };
}

export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const { logger, role } = options;
  if (role !== "all" && !config.databaseUrl) {
    throw new Error(
      `--role ${role} needs a PostgreSQL server (DATABASE_URL): the embedded database belongs to one process`,
    );
  }
  const ai = createAiService(config, { logger }); // before the database, so a bad AI_* setting holds no lock
  const { database, lock } = await openMigratedDatabase(config, logger);
  const metrics = createMetrics();
  const storage = createMediaStorage(config);
  const social = createSocialContext(config, database, logger);
  if (options.seedDemo && (await seedDemo(social))) logger.info("seeded the demo accounts and posts");
  const serialize = { publicUrl: config.publicUrl, mediaUrl: (key: string) => storage.urlFor(key) };
  const realtime = await Realtime.start({ ...social, redisUrl: config.redisUrl, serialize }).catch(
    async (err) => {
      await database.close();
      lock?.release();
      throw err;
    },
  );
  metrics.gauge("atelier_jobs", "Jobs in the queue by state", ["state"], () => countJobsByState(database.db));
  const worker =
    role === "web"
      ? null
      : new JobWorker({
          db: database.db,
          logger: logger.child({ component: "jobs" }),
          ...config.jobs,
          // With PGlite the data-dir lock proves no other worker is alive: reclaim running jobs at once.
          exclusive: database.driver === "pglite",
          onEvent: publishImageGenerationEvents(database.db, realtime.pubsub, logger),
        });
  const stopImageCreation = startImageCreation({
    config,
    db: database.db,
    ai,
    storage,
    events: social.events,
    logger,
    worker,
    serves: role !== "worker",
  });
  const stopEmbedding = startStatusEmbedding({
    db: database.db,
    ai,
    events: social.events,
    logger,
    worker,
    serves: role !== "worker",
    wakeJobs: () => worker?.wake(),
    reindexOnStart: config.assistant.reindexOnStart,
  });
  worker?.start();
  const stopMaintenance = worker ? startMaintenance({ db: database.db, logger }) : null;
  const apps = new AppsService({ db: database.db, settings: config.aiApps, logger });
  const assistant = new AssistantService(
    {
      social,
      serialize,
      ai,
      vector: database.vector,
      apps,
      imageQuotas: {
        imagesPerDay: config.aiCreation.imagesPerDay,
        concurrentJobs: config.aiCreation.concurrentJobs,
      },
      wakeJobs: () => worker?.wake(),
    },
    { limits: config.assistant, maxSteps: config.assistant.maxSteps },
  );
  let http: Server | null = null;
  let url: string | null = null;
  const rateLimitStore =
    role !== "worker" && config.rateLimit && config.redisUrl
      ? await connectRedisRateLimitStore(config.redisUrl, { logger })
      : undefined;
  if (role !== "worker") {
    const wakeJobs = () => worker?.wake();
    const app = createApp({
      config,
      logger,
      metrics,
      social,
      storage,
      serialize,
      realtime,
      rateLimitStore,
      ai,
      apps,
      assistant,
      wakeJobs,
    });
    http = await listen(app.fetch, config);
    realtime.attach(http);
    const address = http.address() as AddressInfo;
    url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  }
  logger.info({ url, role, driver: database.driver, vector: database.vector }, "Atelier is ready");

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await realtime.closeStreams(); // open streams would hold the HTTP server open
      if (http) await stopHttp(http, config.shutdownTimeoutMs);
      await worker?.drain(config.shutdownTimeoutMs);
      await stopMaintenance?.();
      stopImageCreation();
      await stopEmbedding();
      await apps.close(); // stops stdio apps' processes
      await realtime.close(); // after the last requests and jobs, whose events still go out
      await rateLimitStore?.close();
      await database.close();
      lock?.release();
      logger.info("Atelier stopped");
    })();
    return closing;
  };
  return { url, database, worker, realtime, apps, assistant, close };
}

/** Handlers still running per server: a client that hung up leaves its handler running (and using the database). */
const runningHandlers = new WeakMap<Server, HandlerCount>();

class HandlerCount {
  #running = 0;
  #waiters: (() => void)[] = [];

  track<A extends unknown[]>(fetch: (req: Request, ...rest: A) => Response | Promise<Response>) {
    return async (req: Request, ...rest: A): Promise<Response> => {
      this.#running++;
      try {
        return await fetch(req, ...rest);
      } finally {
        if (--this.#running === 0) for (const wake of this.#waiters.splice(0)) wake();
      }
    };
  }

  /** Resolves once no handler runs, or at the deadline. */
  settled(deadline: number): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  config: Pick<Config, "port" | "host">,
): Promise<Server> {
  const handlers = new HandlerCount();
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch: handlers.track(fetch),
      port: config.port,
      hostname: config.host,
    }) as Server;
    runningHandlers.set(server, handlers);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

/**
 * Stops accepting, lets in-flight requests finish, then cuts whatever is still open at the deadline;
 * resolves once every request handler has returned (or the deadline passed), so what they use can
 * be closed after it.
 */
export async function stopHttp(server: Server, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
  await runningHandlers.get(server)?.settled(deadline);
}
