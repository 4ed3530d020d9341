// The CLI as a newcomer and an operator meet it: help, bad configuration, the data-dir lock across
// crashes, and graceful shutdown on SIGTERM.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ChildServer, freePort, spawnCli, tempDataDir } from "./support/server.ts";

const children: ChildServer[] = [];
function run(args: string[], env: Record<string, string>) {
  const child = spawnCli(args, env);
  children.push(child);
  return child;
}
afterEach(() => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill("SIGKILL");
});

describe("atelier CLI", () => {
  it("lists its commands", async () => {
    const child = run(["--help"], {});
    expect(await child.exited).toBe(0);
    expect(child.output()).toMatch(/start\s+Run the server/);
    expect(child.output()).toMatch(/migrate\s+Apply database migrations/);
  });

  it("refuses to start on a bad variable and names it", async () => {
    const child = run(["start"], { PORT: "eighty", DATA_DIR: tempDataDir() });
    expect(await child.exited).toBe(2);
    expect(child.output()).toContain('PORT: must be a whole number from 0 to 65535, got "eighty"');
  });

  it("refuses an unknown role", async () => {
    const child = run(["start", "--role", "chef"], { DATA_DIR: tempDataDir() });
    expect(await child.exited).toBe(2);
    expect(child.output()).toContain("--role must be one of web, worker, all");
  });

  it("lets one process own a data dir, and a kill -9 does not lock it forever", async () => {
    const dataDir = tempDataDir();
    const first = run(["start"], { DATA_DIR: dataDir, PORT: String(await freePort()) });
    const url = await first.ready;
    expect((await fetch(`${url}/api/v2/instance`)).status).toBe(200);

    const second = run(["start"], { DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/DATA_DIR .* is in use by another Atelier process \(pid \d+/);

    first.process.kill("SIGKILL");
    await first.exited;
    expect(fs.existsSync(path.join(dataDir, "atelier.lock"))).toBe(true); // left behind by the crash

    const third = run(["start"], { DATA_DIR: dataDir, PORT: String(await freePort()) });
    const thirdUrl = await third.ready;
    expect((await fetch(`${thirdUrl}/api/v2/instance`)).status).toBe(200);

    third.process.kill("SIGTERM");
    expect(await third.exited).toBe(0);
    expect(third.output()).toContain("Atelier stopped");
    expect(fs.existsSync(path.join(dataDir, "atelier.lock"))).toBe(false);
  });

  it("migrates an empty data dir, and again without harm", async () => {
    const dataDir = tempDataDir();
    for (let i = 0; i < 2; i++) {
      const child = run(["migrate"], { DATA_DIR: dataDir });
      expect(await child.exited).toBe(0);
      expect(child.output()).toContain("database is up to date");
    }
  });
});
