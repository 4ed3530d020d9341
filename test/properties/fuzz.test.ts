// Bad input (issue 3): every mounted route, hit with fast-check-generated path ids, query strings
// and bodies (random and malformed JSON, urlencoded and multipart garbage, huge and odd unicode
// strings), as nobody, an admin, a user, a read-only token and a bad token: never a 5xx, never an
// error logged, and every 4xx is Mastodon's `{"error": "…"}`. Then the table of Mastodon's answers
// to malformed JSON, wrong types, unknown ids, over-long text, missing scopes and missing tokens.
import fc from "fast-check";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAdmin } from "../support/admin.ts";
import { createAppClient, registerUser, type UserSession } from "../support/clients.ts";
import { tokenWithScopes } from "../support/oauth.ts";
import { type AuthKind, type Case, cases, type FixtureIds, KINDS } from "./fuzz-cases.ts";
import { type Body, body, pathFor, queryString } from "./fuzz-inputs.ts";
import { type LoggedServer, startLoggedServer } from "./logged-server.ts";

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 50);
/** Mostly valid tokens, so requests get past authentication to the code behind it. */
const authKind = fc.oneof(
  { weight: 3, arbitrary: fc.constant<AuthKind>("admin") },
  { weight: 4, arbitrary: fc.constant<AuthKind>("user") },
  { weight: 2, arbitrary: fc.constant<AuthKind>("read-only") },
  { weight: 2, arbitrary: fc.constantFrom<AuthKind>("none", "bad token", "not bearer") },
);

let server: LoggedServer;
let admin: UserSession;
let user: UserSession;
let readOnly: string;
/** Ids of real things to aim path params at, by what the route names. */
const ids: FixtureIds = { accounts: [], statuses: [], notifications: [], reports: [], media: [] };
const allIds = () => Object.values(ids).flat();

/** The ids a route's path parameter should mostly get: its own kind, with a few of every kind. */
function idsFor(path: string): string[] {
  const kind = /\/(statuses|notifications|reports|media)\//.exec(path)?.[1] as keyof FixtureIds | undefined;
  const own = kind ? ids[kind] : ids.accounts;
  return [...own, ...own, ...own, ...allIds()];
}

function authHeader(kind: AuthKind): Record<string, string> {
  switch (kind) {
    case "none":
      return {};
    case "admin":
      return { Authorization: `Bearer ${admin.token}` };
    case "user":
      return { Authorization: `Bearer ${user.token}` };
    case "read-only":
      return { Authorization: `Bearer ${readOnly}` };
    case "bad token":
      return { Authorization: "Bearer not-a-real-token" };
    case "not bearer":
      return { Authorization: "Basic dXNlcjpwYXNz" };
  }
}

interface Sent {
  status: number;
  contentType: string;
  text: string;
}

/** Sends one request; a streaming answer (SSE) is cut as soon as its headers are in. */
async function send(
  method: string,
  path: string,
  query: string,
  auth: AuthKind,
  payload: Body,
): Promise<Sent> {
  const headers: Record<string, string> = authHeader(auth);
  let requestBody: string | FormData | null = null;
  if (payload.kind === "text" && method !== "GET") {
    headers["Content-Type"] = payload.contentType;
    requestBody = payload.text;
  } else if (payload.kind === "multipart" && method !== "GET") {
    const form = new FormData();
    for (const [name, value] of payload.parts) {
      if (typeof value === "string") form.append(name, value);
      else form.append(name, new Blob([new Uint8Array(value.bytes)], { type: value.type }), value.filename);
    }
    requestBody = form;
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`${method} ${path} hung`)), 30_000);
  try {
    const res = await fetch(`${server.url}${path}${query ? `?${query}` : ""}`, {
      method,
      headers,
      body: requestBody,
      signal: abort.signal,
    });
    const contentType = res.headers.get("content-type") ?? "";
    if (contentType.startsWith("text/event-stream")) {
      abort.abort();
      return { status: res.status, contentType, text: "" };
    }
    return { status: res.status, contentType, text: await res.text() };
  } finally {
    clearTimeout(timer);
  }
}

/** Never a 5xx; a 4xx is `{"error": "…"}` (OAuth pages may answer in HTML, OAuth errors add a description). */
function checkAnswer(route: string, sent: Sent) {
  expect(sent.status, `${route} answered ${sent.status}: ${sent.text.slice(0, 500)}`).toBeLessThan(500);
  // 431 comes from Node's HTTP parser (headers or URL over 16 KB), before the app sees the request.
  if (sent.status < 400 || sent.status === 431) return;
  if (route.includes(" /oauth/") && sent.contentType.startsWith("text/html")) return;
  expect(sent.contentType, `${route} ${sent.status} content type`).toMatch(/^application\/json/);
  let parsed: unknown;
  expect(
    () => {
      parsed = JSON.parse(sent.text);
    },
    `${route} ${sent.status} body: ${sent.text.slice(0, 200)}`,
  ).not.toThrow();
  // The MCP endpoint speaks JSON-RPC: its errors are `{"jsonrpc", "error": {code, message}}` (401s are Mastodon's).
  const rpcError = (parsed as { error?: { message?: unknown } }).error;
  if (/ \/mcp\)$/.test(route) && rpcError && typeof rpcError === "object") {
    expect(typeof rpcError.message, `${route} ${sent.status}: ${sent.text.slice(0, 200)}`).toBe("string");
    return;
  }
  expect(
    typeof (parsed as { error?: unknown }).error,
    `${route} ${sent.status}: ${sent.text.slice(0, 200)}`,
  ).toBe("string");
}

async function post(session: UserSession, path: string, payload: Record<string, unknown>) {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${session.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, unknown> & { id: string };
}

/** Real things for path parameters to name, so fuzzed requests get past "not found" too. */
async function createFixtures() {
  admin = await registerAdmin(server.url, "fzadmin");
  user = await registerUser(server.url, "fzuser");
  const reader = await registerUser(server.url, "fzreader");
  readOnly = await tokenWithScopes(server.url, reader, "read");
  const status = await post(user, "/api/v1/statuses", { status: "hello @fzadmin #fuzz" });
  const reply = await post(admin, "/api/v1/statuses", { status: "@fzuser hi", in_reply_to_id: status.id });
  const secret = await post(user, "/api/v1/statuses", { status: "followers only", visibility: "private" });
  await post(user, `/api/v1/accounts/${admin.account.id}/follow`, {});
  const report = await post(user, "/api/v1/reports", {
    account_id: admin.account.id,
    status_ids: [reply.id],
  });
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "red.png");
  const media = await fetch(`${server.url}/api/v2/media`, {
    method: "POST",
    headers: { Authorization: `Bearer ${user.token}` },
    body: form,
  });
  expect(media.status).toBeLessThan(300);
  const notifications = await fetch(`${server.url}/api/v1/notifications`, {
    headers: { Authorization: `Bearer ${admin.token}` },
  });
  const notificationIds = ((await notifications.json()) as { id: string }[]).map((n) => n.id);
  ids.accounts.push(admin.account.id, user.account.id, reader.account.id);
  ids.statuses.push(status.id, reply.id, secret.id);
  ids.reports.push(report.id);
  ids.media.push(((await media.json()) as { id: string }).id);
  ids.notifications.push(...notificationIds);
}

let appToken: string;

async function runCase(c: Case): Promise<string | null> {
  const headers: Record<string, string> =
    c.auth === "app" ? { Authorization: `Bearer ${appToken}` } : authHeader(c.auth);
  if (c.body !== undefined) headers["Content-Type"] = "application/json";
  const body = c.body === undefined ? null : typeof c.body === "string" ? c.body : JSON.stringify(c.body);
  const res = await fetch(`${server.url}${c.path}`, { method: c.method, headers, body });
  const text = await res.text();
  let error: unknown;
  try {
    error = (JSON.parse(text) as { error?: unknown }).error;
  } catch {}
  const what = `${c.method} ${c.path.slice(0, 80)} as ${c.auth}`;
  if (res.status !== c.expected)
    return `${what}: ${res.status} instead of ${c.expected}: ${text.slice(0, 200)}`;
  if (typeof error !== "string")
    return `${what}: ${res.status} without {"error": "…"}: ${text.slice(0, 200)}`;
  return null;
}

describe("bad input", () => {
  beforeAll(async () => {
    server = await startLoggedServer();
    await createFixtures();
    appToken = (await createAppClient(server.url)).appToken;
  });
  afterAll(() => server?.stop());

  for (const kind of KINDS) {
    it(`${kind}, with {"error": "…"}`, async () => {
      const failures: (string | null)[] = [];
      for (const c of cases(ids)[kind]) failures.push(await runCase(c));
      expect(failures.filter(Boolean)).toEqual([]);
      expect(server.errors()).toEqual([]);
    });
  }

  it("fuzz: no route answers 5xx or logs an error, and every 4xx is {error}", async () => {
    const routes = [...server.routes(), { method: "GET", path: "/api/v1/streaming" }];
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      const request = fc.record({
        path: pathFor(route.path, idsFor(route.path)),
        query: queryString(allIds()),
        auth: authKind,
        body: body(allIds()),
        // Now and then the wrong method on a real path.
        method: fc.oneof(
          { weight: 9, arbitrary: fc.constant(route.method) },
          { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE") },
        ),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const logged = server.errors().length;
          const sent = await send(r.method, r.path, r.query, r.auth, r.body);
          checkAnswer(`${r.method} ${r.path} (route ${name})`, sent);
          expect(server.errors().slice(logged), `${name} logged errors`).toEqual([]);
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
  }, 600_000);
});
