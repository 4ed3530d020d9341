// One process per PGlite data dir: two PGlite instances on one directory silently lose writes.
// The lock file records the owner's pid and its kernel start time, so a lock left by a killed
// process (or by a reused pid) is recognised as stale and taken over.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

interface LockOwner {
  pid: number;
  startTime: string | null;
  hostname: string;
  startedAt: string;
}

function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime) follows the parenthesised command name, which may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) return true; // can't check another host: assume alive
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  const startTime = processStartTime(owner.pid);
  return owner.startTime === null || startTime === null || startTime === owner.startTime;
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return null; // missing, or torn by a crash mid-write: treat as stale
  }
}

export interface DataDirLock {
  file: string;
  release(): void;
}

/** Takes the data-dir lock or throws DataDirLockedError naming the process that holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "atelier.lock");
  const me: LockOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: "wx" });
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (readOwner(file)?.pid === me.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = readOwner(file);
    if (owner && isAlive(owner)) {
      throw new DataDirLockedError(
        `DATA_DIR ${dataDir} is in use by another Atelier process (pid ${owner.pid} on ${owner.hostname}, ` +
          `started ${owner.startedAt}). Stop it first, or point DATA_DIR elsewhere. ` +
          "To run several processes, use a PostgreSQL server (DATABASE_URL).",
      );
    }
    fs.rmSync(file, { force: true }); // stale: its owner is gone
  }
  throw new DataDirLockedError(`Could not take the lock ${file}: it keeps reappearing`);
}
