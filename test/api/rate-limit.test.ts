import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

describe("rate limits", () => {
  let server: TestServer;
  let alice: UserSession;
  beforeAll(async () => {
    server = (await startTestServer({ env: { RATE_LIMIT: "on", RATE_LIMIT_REQUESTS: "5" } }))!;
    alice = await registerUser(server.url, "alice");
  });
  afterAll(() => server?.stop());

  it("counts per token with X-RateLimit headers, then answers 429", async () => {
    const call = () =>
      fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
        headers: { Authorization: `Bearer ${alice.token}` },
      });
    const first = await call();
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit")).toBe("5");
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    expect(Date.parse(first.headers.get("x-ratelimit-reset")!)).toBeGreaterThan(Date.now());
    for (let i = 0; i < remaining; i++) expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: "Too many requests" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("keeps separate budgets per token", async () => {
    const bob = await registerUser(server.url, "bob").catch(() => null);
    // Registration itself spends from the per-IP signup budget; bob's own token is fresh.
    expect(bob).not.toBeNull();
    const res = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${bob!.token}` },
    });
    expect(res.status).toBe(200);
  });
});
