import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { listen, stopHttp } from "./server.ts";

describe("graceful HTTP shutdown", () => {
  it("finishes in-flight requests, then refuses new connections", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const app = new Hono().get("/slow", async (c) => {
      entered();
      await gate;
      return c.text("finished");
    });
    const server = await listen(app.fetch, { port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

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
});
