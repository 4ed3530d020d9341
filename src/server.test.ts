import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { listen, stopHttp } from "./server.ts";

/**
 * A server whose /slow handler waits until `release()`; `inside` resolves once a request is in it,
 * and `events` records when the handler finished.
 */
async function slowServer() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const events: string[] = [];
  const app = new Hono().get("/slow", async (c) => {
    entered();
    await gate;
    events.push("handler finished"); // where a real handler would still use the database
    return c.text("finished");
  });
  const server = await listen(app.fetch, { port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, release, inside, events };
}

describe("graceful HTTP shutdown", () => {
  it("finishes in-flight requests, then refuses new connections", async () => {
    const { server, url, release, inside } = await slowServer();
    const inFlight = fetch(`${url}/slow`);
    await inside;
    const stopped = stopHttp(server, 10_000);
    await expect(fetch(`${url}/slow`)).rejects.toThrow(); // no longer accepting
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("finished");
    await stopped;
  });

  it("waits for the handler of a request whose client hung up before saying it stopped", async () => {
    const { server, url, release, inside, events } = await slowServer();
    const abort = new AbortController();
    const request = fetch(`${url}/slow`, { signal: abort.signal }).catch(() => "aborted");
    await inside;
    abort.abort();
    expect(await request).toBe("aborted");
    // The connection is gone, so the server itself has nothing left to wait for.
    while (await new Promise<number>((r) => server.getConnections((_, n) => r(n)))) await setImmediateP();
    const stopped = stopHttp(server, 10_000).then(() => events.push("stopped"));
    for (let i = 0; i < 20; i++) await setImmediateP();
    release();
    await stopped;
    expect(events).toEqual(["handler finished", "stopped"]);
  });
});

const setImmediateP = () => new Promise<void>((r) => setImmediate(r));
