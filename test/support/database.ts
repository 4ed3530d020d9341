// A migrated embedded database in a temporary data dir, with the social context on it, for tests
// that work below HTTP (domain services, the stream authenticator, the embedding index).
import fs from "node:fs";
import { type Config, loadConfig } from "../../src/config.ts";
import type { DatabaseHandle } from "../../src/db/client.ts";
import { createLogger } from "../../src/log.ts";
import { createSocialContext, openMigratedDatabase } from "../../src/server.ts";
import type { SocialContext } from "../../src/social/context.ts";
import { tempDataDir } from "./server.ts";

export interface DomainTestBed {
  config: Config;
  database: DatabaseHandle;
  social: SocialContext;
  /** Closes the database and removes its data dir. */
  close(): Promise<void>;
}

export async function openTestBed(): Promise<DomainTestBed> {
  const dataDir = tempDataDir();
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" });
  const logger = createLogger("silent");
  const { database, lock } = await openMigratedDatabase(config, logger);
  return {
    config,
    database,
    social: createSocialContext(config, database, logger),
    close: async () => {
      await database.close();
      lock?.release();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
