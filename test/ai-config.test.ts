// A bad AI setting stops `atelier start` with a plain message naming the variable, before it takes
// the data-dir lock or opens the database.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { spawnCli, tempDataDir } from "./support/server.ts";

describe("atelier start with a bad AI setting", () => {
  it("exits 2 with a message naming the variable, leaving the data dir untouched", async () => {
    const dataDir = tempDataDir();
    try {
      const child = spawnCli(["start"], {
        DATA_DIR: dataDir,
        PORT: "0",
        AI_IMAGE_MODEL: "google:gemini-2.5-flash-image",
      });
      expect(await child.exited).toBe(2);
      expect(child.output()).toContain(
        "atelier: Invalid configuration:\n  AI_IMAGE_MODEL: google:gemini-2.5-flash-image needs GOOGLE_GENERATIVE_AI_API_KEY",
      );
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
