// The generated dataset: `atelier seed --bench` run as a child process on the bench's DATA_DIR or
// database, its progress bars on our stderr; and the access tokens it writes for the seeded users.
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { BenchError, status, track } from "./procs.ts";
import type { BenchEnv, DatasetOptions } from "./scenario.ts";
import { atelierEnv, MAIN, ROOT } from "./target.ts";

/** PERF-NOTES' dataset: 10k accounts, 200k statuses, 400-entry home feeds for 1,000 users. */
export const DEFAULT_DATASET: DatasetOptions = {
  accounts: 10_000,
  statuses: 200_000,
  follows: 30,
  feedUsers: 1_000,
  feedSize: 400,
};

export interface SeededUser {
  accountId: string;
  token: string;
}

const tokensFile = (env: BenchEnv) => path.join(env.workDir, "tokens.json");

/** A `prepare` step: seeds env.dataset with the CLI, as a person would. */
export async function seedDataset(env: BenchEnv): Promise<void> {
  const dataset = env.dataset;
  if (!dataset) throw new BenchError("seedDataset needs a scenario with a dataset");
  const args = [
    MAIN,
    "seed",
    "--bench",
    ...["--accounts", String(dataset.accounts)],
    ...["--statuses", String(dataset.statuses)],
    ...["--follows", String(dataset.follows)],
    ...["--feed-users", String(dataset.feedUsers)],
    ...["--feed-size", String(dataset.feedSize)],
    ...["--tokens-out", tokensFile(env)],
  ];
  status(`  seeding: atelier ${args.slice(1).join(" ").replace(env.workDir, "…")}`);
  const started = performance.now();
  // stdout and stderr are ours: the seed's progress bars show as it goes.
  const child = track(spawn(process.execPath, args, { cwd: ROOT, env: atelierEnv(env), stdio: "inherit" }));
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  if (code !== 0) throw new BenchError(`atelier seed --bench failed (${signal ?? `exit ${code}`})`);
  status(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export function seededUsers(env: BenchEnv): SeededUser[] {
  const file = tokensFile(env);
  if (!fs.existsSync(file)) throw new BenchError(`no seeded tokens at ${file}; was the dataset seeded?`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as SeededUser[];
}
