import { createRestAPIClient } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

describe("instance and server basics", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = (await startTestServer())!;
  });
  afterAll(() => server?.stop());

  it("serves a valid v2 Instance entity that a Mastodon client library reads", async () => {
    const masto = createRestAPIClient({ url: server.url });
    const instance = await masto.v2.instance.fetch();
    expect(instance.domain).toBe(`localhost:${new URL(server.url).port}`); // from PUBLIC_URL
    expect(instance.title).toBe("Atelier");
    expect(instance.version).toMatch(/^4\.\d+\.\d+ \(compatible; Atelier /);
    expect(instance.configuration.statuses.maxCharacters).toBe(500);
    expect(instance.configuration.mediaAttachments.supportedMimeTypes).toContain("image/png");
    expect(instance.configuration.urls.streaming).toMatch(/^ws:\/\//);
    expect(instance.registrations.enabled).toBe(true);
  });

  it("answers unknown paths with a Mastodon-style JSON 404", async () => {
    const res = await fetch(`${server.url}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "Record not found" });
  });

  it("tags every response with a request id, echoing a sane incoming one", async () => {
    const own = await fetch(`${server.url}/api/v2/instance`, { headers: { "X-Request-Id": "trace-42" } });
    expect(own.headers.get("x-request-id")).toBe("trace-42");
    const hostile = await fetch(`${server.url}/api/v2/instance`, {
      headers: { "X-Request-Id": "a b<script>" },
    });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("compresses with brotli or gzip as the client asks", async () => {
    for (const encoding of ["br", "gzip"]) {
      const res = await fetch(`${server.url}/api/v2/instance`, { headers: { "Accept-Encoding": encoding } });
      expect(res.headers.get("content-encoding")).toBe(encoding);
      expect((await res.json()).title).toBe("Atelier"); // fetch decodes it: the bytes were valid
    }
    const plain = await fetch(`${server.url}/api/v2/instance`, {
      headers: { "Accept-Encoding": "identity" },
    });
    expect(plain.headers.get("content-encoding")).toBeNull();
  });

  it("exposes Prometheus metrics that count requests by route", async () => {
    await fetch(`${server.url}/api/v2/instance`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /atelier_http_requests_total\{method="GET",route="\/api\/v2\/instance",status="200"\} \d+/,
    );
    expect(text).toContain("atelier_process_resident_memory_bytes");
    expect(text).toMatch(/atelier_jobs\{state="queued"\} 0/);
  });

  it("serves a home page", async () => {
    const res = await fetch(server.url);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("<title>Atelier</title>");
  });
});
