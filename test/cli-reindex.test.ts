// `atelier reindex`: embeds every status that has no vector (or one from another embedding model),
// with a progress bar (that a second run embeds nothing is src/ai/retrieval/embedding-index.test.ts).
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { createSocialContext, openMigratedDatabase } from "../src/server.ts";
import { registerAccount } from "../src/social/accounts.ts";
import { createStatus } from "../src/social/statuses/create.ts";
import { spawnCli, tempDataDir } from "./support/server.ts";

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("atelier reindex", () => {
  it("embeds the posts that have no vector", async () => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" });
    const { database, lock } = await openMigratedDatabase(config, createLogger("silent"));
    const social = createSocialContext(config, database, createLogger("silent"));
    const { account } = await registerAccount(social, {
      username: "poster",
      email: "poster@example.test",
      password: "correct horse battery staple",
      agreement: true,
    });
    for (const text of ["kites over the bay", "a new sketchbook", "rain again"]) {
      await createStatus(social, { accountId: account.id, text });
    }
    await database.close();
    lock?.release();

    const reindex = spawnCli(["reindex"], { DATA_DIR: dataDir, LOG_LEVEL: "warn" });
    expect(await reindex.exited).toBe(0);
    expect(reindex.output()).toMatch(/embedding \(builtin:hashed-tfidf\)/);
    expect(reindex.output()).toContain("Embedded 3 statuses.");
  });

  it("is listed in the help", async () => {
    const help = spawnCli(["--help"], {});
    expect(await help.exited).toBe(0);
    expect(help.output()).toMatch(/reindex\s+Embed statuses/);
  });
});
