// Post-to-stream delivery: 1,000 WebSocket clients (bench/stream-clients.ts, a separate process),
// each a seeded user following one poster, on /api/v1/streaming?stream=user; the poster then posts
// --posts times at --post-rate per second (open loop: the schedule doesn't wait for answers). Each
// post's text carries the time its request started; a client's latency is when its `update` frame
// arrived minus that. Every client must get every post exactly once.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { assertDatasetFits } from "../data.ts";
import { seriesFrom } from "../latency-report.ts";
import { BenchError, showProgress, stopChild, track } from "../procs.ts";
import type { Check, MeasureContext, Scenario } from "../scenario.ts";
import { DEFAULT_DATASET, seedDataset, seededUsers } from "../seed.ts";
import { postStatus } from "../social.ts";
import type { ClientsInput, ClientsResult } from "../stream-clients.ts";
import { BENCH_DIR } from "../target.ts";
import { FOLLOWERS, type PostSetup, posterWithFollowers } from "./post.ts";

/** Same clock as the clients: wall-clock ms with sub-ms precision. */
const clock = () => performance.timeOrigin + performance.now();
const WARMUP_TIMEOUT_MS = 180_000;
/** After the last post, delivery may go on while frames keep arriving: until none came for this long. */
const DELIVERY_STALL_MS = 30_000;
const DELIVERY_MAX_MS = 600_000;

type ClientMessage =
  | { connecting: { done: number; total: number } }
  | { ready: { connected: number; failed: number } }
  | { counts: Record<string, number> }
  | { result: ClientsResult };

/** The clients' process and what it last said. */
class Clients {
  readonly child: ChildProcess;
  counts: Record<string, number> = {};
  #waiters: ((message: ClientMessage) => void)[] = [];
  readonly #result: Promise<ClientsResult>;

  constructor(input: ClientsInput) {
    this.child = track(
      spawn(process.execPath, [path.join(BENCH_DIR, "stream-clients.ts")], {
        stdio: ["pipe", "pipe", "inherit"],
      }),
    );
    this.child.stdin!.write(`${JSON.stringify(input)}\n`);
    let settle: (r: ClientsResult) => void;
    let fail: (e: Error) => void;
    this.#result = new Promise((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    this.#result.catch(() => {});
    this.child.once("exit", (code) => fail(new BenchError(`the stream clients exited (code ${code})`)));
    readline.createInterface({ input: this.child.stdout! }).on("line", (line) => {
      const message = JSON.parse(line) as ClientMessage;
      if ("counts" in message) this.counts = message.counts;
      if ("result" in message) settle(message.result);
      for (const waiter of this.#waiters) waiter(message);
    });
  }

  /** Resolves with the first message `pick` accepts. */
  next<T>(pick: (message: ClientMessage) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new BenchError(`timed out after ${timeoutMs / 1000} s ${what}`)),
        timeoutMs,
      );
      const waiter = (message: ClientMessage) => {
        const picked = pick(message);
        if (picked === undefined) return;
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(picked);
      };
      this.#waiters.push(waiter);
      this.child.once("exit", () => reject(new BenchError(`the stream clients exited ${what}`)));
    });
  }

  async end(): Promise<ClientsResult> {
    this.child.stdin!.end("end\n");
    return this.#result;
  }
}

/** Polls the clients' counts until `done` or the deadline; false on timeout. */
async function waitFor(clients: Clients, done: () => boolean, deadline: number, onTick: () => void) {
  while (!done()) {
    if (Date.now() > deadline || clients.child.exitCode !== null) return false;
    onTick();
    await sleep(50);
  }
  return true;
}

/** Warm-up posts until one reaches every client: proves all subscriptions are live. */
async function warmUp(ctx: MeasureContext, clients: Clients, setup: PostSetup, expected: number) {
  const deadline = Date.now() + WARMUP_TIMEOUT_MS;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const key = `w${attempt}`;
    await postStatus(ctx.url, setup.poster, `stream-bench warm-up k=${key} t=${clock()}`);
    const reached = await waitFor(
      clients,
      () => (clients.counts[key] ?? 0) >= expected,
      Math.min(deadline, Date.now() + 30_000),
      () => ctx.progress("warm-up delivery", clients.counts[key] ?? 0, expected, "clients"),
    );
    if (reached) return;
  }
  throw new BenchError(
    `no warm-up post reached all ${expected} clients within ${WARMUP_TIMEOUT_MS / 1000} s`,
  );
}

const scenario: Scenario = {
  name: "stream",
  description: `post → WebSocket \`update\` frame on stream=user for ${FOLLOWERS.toLocaleString("en-US")} following clients`,
  requests: [],
  goals: { p99Ms: 100 },
  dataset: DEFAULT_DATASET,
  prepare: seedDataset,
  async setup(url, env) {
    assertDatasetFits(env.dataset, FOLLOWERS, "stream");
    const data = await posterWithFollowers(url, seededUsers(env), (done, total) =>
      showProgress("following the poster", done, total, `${done}/${total}`),
    );
    return { data };
  },

  async measure(ctx) {
    const setup = ctx.setup!.data as PostSetup;
    const expected = setup.followers.length;
    const { posts, postRate } = ctx.options;
    const clients = new Clients({ url: ctx.url, tokens: setup.followers.map((f) => f.token) });
    try {
      const ready = await clients.next(
        (m) => {
          if ("connecting" in m)
            ctx.progress("connecting clients", m.connecting.done, m.connecting.total, "sockets");
          return "ready" in m ? m.ready : undefined;
        },
        180_000,
        "connecting the clients",
      );
      ctx.status(`  ${ready.connected} clients connected${ready.failed ? `, ${ready.failed} failed` : ""}`);
      if (ready.connected === 0) throw new BenchError("no stream client could connect");
      await warmUp(ctx, clients, setup, ready.connected);
      ctx.status(`  warm-up post reached all ${ready.connected} clients; posting ${posts} at ${postRate}/s`);

      // Open loop: post k goes out at start + k/rate whatever happened to the ones before.
      const start = performance.now() + 100;
      const postLatencies: number[] = [];
      const postErrors: string[] = [];
      const sent = Array.from({ length: posts }, async (_, k) => {
        await sleep(Math.max(0, start + (k * 1000) / postRate - performance.now()));
        try {
          const posted = await postStatus(ctx.url, setup.poster, `stream-bench k=${k} t=${clock()}`);
          postLatencies.push(posted.latencyMs);
        } catch (err) {
          const cause = (err as Error).cause as Error | undefined;
          postErrors.push(`post ${k}: ${(err as Error).message}${cause ? ` (${cause.message})` : ""}`);
        }
      });
      const total = posts * ready.connected;
      const delivered = () =>
        Object.entries(clients.counts).reduce((n, [k, c]) => (k.startsWith("w") ? n : n + c), 0);
      await Promise.all(sent);
      // A slow server is measured, not cut off: wait as long as frames keep coming.
      const waitStarted = Date.now();
      let last = { count: -1, at: Date.now() };
      await waitFor(
        clients,
        () => {
          const count = delivered();
          if (count !== last.count) last = { count, at: Date.now() };
          return count >= total || Date.now() - last.at > DELIVERY_STALL_MS;
        },
        waitStarted + DELIVERY_MAX_MS,
        () => ctx.progress("delivery", delivered(), total, "frames"),
      );
      const result = await clients.end();
      const got = result.latencies.length;
      const checks: Check[] = [
        {
          label: `all ${posts} posts were accepted`,
          ok: postErrors.length === 0,
          detail: postErrors.length ? postErrors.slice(0, 3).join("; ") : `${posts}/${posts}`,
        },
        {
          label: `all ${expected.toLocaleString("en-US")} clients connected and stayed`,
          ok: result.connected === expected && result.closedEarly === 0,
          detail: `${result.connected} connected, ${result.failed.length} failed${result.failed[0] ? ` (${result.failed[0]})` : ""}, ${result.closedEarly} closed early`,
        },
        {
          label: `every client got every post once (${posts} × ${expected.toLocaleString("en-US")})`,
          ok: got === posts * expected && result.duplicates === 0,
          detail: `${got.toLocaleString("en-US")} of ${(posts * expected).toLocaleString("en-US")} frames, ${result.duplicates} duplicates`,
        },
      ];
      return {
        series: [
          seriesFrom(`post → update, ${expected.toLocaleString("en-US")} clients`, result.latencies, {
            goal: true,
            note: `${posts} posts at ${postRate}/s`,
          }),
          seriesFrom("POST /api/v1/statuses", postLatencies, { errors: postErrors.length }),
        ],
        checks,
      };
    } finally {
      await stopChild(clients.child, 5_000);
    }
  },
};

export default scenario;
