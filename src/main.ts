// The one CLI entry: `atelier <command>`. Later commands (seed, export, reindex) join the table.
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig, type Role } from "./config.ts";
import { DataDirLockedError } from "./db/lock.ts";
import { createLogger, type Logger } from "./log.ts";
import { createSocialContext, openMigratedDatabase, startServer } from "./server.ts";
import { ATELIER_VERSION } from "./version.ts";

interface Command {
  summary: string;
  usage: string;
  run(args: string[], config: Config, logger: Logger): Promise<void>;
}

const ROLES: Role[] = ["web", "worker", "all"];

const commands: Record<string, Command> = {
  start: {
    summary: "Run the server (HTTP and job workers)",
    usage: "atelier start [--role web|worker|all] [--seed-demo]",
    async run(args, config, logger) {
      const { values } = parseArgs({
        args,
        options: {
          role: { type: "string", default: "all" },
          "seed-demo": { type: "boolean", default: false },
        },
      });
      const role = values.role as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
      const server = await startServer(config, { role, logger, seedDemo: values["seed-demo"] });
      await untilSignal(logger, () => server.close());
    },
  },
  migrate: {
    summary: "Apply database migrations and exit",
    usage: "atelier migrate",
    async run(_args, config, logger) {
      const { database, lock } = await openMigratedDatabase(config, logger);
      await database.close();
      lock?.release();
      logger.info({ driver: database.driver }, "database is up to date");
    },
  },
  reindex: {
    summary: "Embed statuses for the assistant's semantic search (missing or from another model)",
    usage: "atelier reindex [--all]",
    async run(args, config, logger) {
      const { values } = parseArgs({ args, options: { all: { type: "boolean", default: false } } });
      const { createAiService } = await import("./ai/registry.ts");
      const { currentEmbeddingModel, reindexStatuses } = await import("./ai/retrieval/embedding-index.ts");
      const { progressBar } = await import("./util/progress.ts");
      const ai = createAiService(config, { logger });
      const { database, lock } = await openMigratedDatabase(config, logger);
      try {
        let bar: ReturnType<typeof progressBar> | null = null;
        const written = await reindexStatuses(
          { db: database.db, ai },
          {
            all: values.all,
            onProgress: (done, total) => {
              bar ??= progressBar(`embedding (${currentEmbeddingModel(ai)})`, total);
              bar.tick(done);
            },
          },
        );
        (bar as ReturnType<typeof progressBar> | null)?.done(`${written} statuses embedded`);
        console.log(
          written
            ? `Embedded ${written} statuses.`
            : "Every status is already embedded with the current model.",
        );
      } finally {
        await database.close();
        lock?.release();
      }
    },
  },
  seed: {
    summary: "Fill the database: --demo (a few demo accounts) or --bench (a large synthetic network)",
    usage:
      "atelier seed --demo | --bench [--accounts 10000] [--statuses 200000] [--follows 30] [--feed-users 1000] [--feed-size 400] [--tokens-out FILE]",
    async run(args, config, logger) {
      const { values } = parseArgs({
        args,
        options: {
          demo: { type: "boolean", default: false },
          bench: { type: "boolean", default: false },
          accounts: { type: "string", default: "10000" },
          statuses: { type: "string", default: "200000" },
          follows: { type: "string", default: "30" },
          "feed-users": { type: "string", default: "1000" },
          "feed-size": { type: "string", default: "400" },
          "tokens-out": { type: "string" },
        },
      });
      if (values.demo === values.bench) throw new UsageError("seed needs exactly one of --demo or --bench");
      const count = (name: keyof typeof values) => {
        const n = Number(values[name]);
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
        return n;
      };
      const { database, lock } = await openMigratedDatabase(config, logger);
      try {
        if (values.bench) {
          const { seedBench } = await import("./seed/bench.ts");
          await seedBench(database.db, {
            accounts: Math.max(count("accounts"), 1),
            statuses: count("statuses"),
            followsPerAccount: count("follows"),
            feedUsers: count("feed-users"),
            feedSize: count("feed-size"),
            tokensOut: values["tokens-out"] ?? null,
          });
        } else {
          const { seedDemo } = await import("./seed/demo.ts");
          const created = await seedDemo(createSocialContext(config, database, logger));
          console.log(
            created
              ? "Demo accounts and posts created."
              : "The database already has accounts; nothing seeded.",
          );
        }
      } finally {
        await database.close();
        lock?.release();
      }
    },
  },
};

class UsageError extends Error {}

function help(): string {
  const rows = Object.entries(commands).map(([name, cmd]) => `  ${name.padEnd(10)} ${cmd.summary}`);
  return [
    `Atelier ${ATELIER_VERSION} — a self-hostable, AI-native social network`,
    "",
    "Usage: atelier <command> [options]",
    "",
    "Commands:",
    ...rows,
    "",
    "Options:",
    "  --help     Show this help (or `atelier <command> --help`)",
    "  --version  Print the version",
    "",
    "Configuration comes from environment variables; see README.md.",
  ].join("\n");
}

/** Resolves once the process is asked to stop and `shutdown` finished; a second signal forces exit. */
function untilSignal(logger: Logger, shutdown: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, "second signal: exiting now");
        process.exit(130);
      }
      stopping = true;
      logger.info({ signal }, "shutting down");
      shutdown().then(resolve, reject);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(help());
    return name ? 0 : 1;
  }
  if (name === "--version" || name === "-v") {
    console.log(ATELIER_VERSION);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`atelier: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  try {
    await command.run(rest, config, logger);
    return 0;
  } catch (err) {
    // A ConfigError here comes from a part that checks its own settings (AI_*_MODEL, when the AI layer starts).
    if (err instanceof UsageError || err instanceof DataDirLockedError || err instanceof ConfigError) {
      console.error(`atelier: ${err.message}`);
      return err instanceof DataDirLockedError ? 1 : 2;
    }
    logger.fatal({ err }, `atelier ${name} failed`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
