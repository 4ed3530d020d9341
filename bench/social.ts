// API helpers for the post and stream scenarios: a fresh poster registered by API exactly as a
// Mastodon app would, followed by N seeded users (each with its own token) through the follow
// endpoint — so the social graph under test was built by Atelier's own code.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { BenchError } from "./procs.ts";
import type { SeededUser } from "./seed.ts";

export interface Poster {
  accountId: string;
  token: string;
  username: string;
}

async function api<T>(url: string, path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.body) headers.set("content-type", "application/json");
  const res = await fetch(`${url}${path}`, { ...init, headers });
  const body = await res.text();
  if (!res.ok) throw new BenchError(`${init.method ?? "GET"} ${path} → ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as T;
}

/** Registers a new account by API (app, client-credentials token, POST /api/v1/accounts). */
export async function registerPoster(url: string): Promise<Poster> {
  const scopes = "read write follow";
  const app = await api<{ client_id: string; client_secret: string }>(url, "/api/v1/apps", {
    method: "POST",
    body: JSON.stringify({
      client_name: "Atelier bench",
      redirect_uris: "urn:ietf:wg:oauth:2.0:oob",
      scopes,
    }),
  });
  const appToken = await api<{ access_token: string }>(url, "/oauth/token", {
    method: "POST",
    body: JSON.stringify({
      grant_type: "client_credentials",
      client_id: app.client_id,
      client_secret: app.client_secret,
      scope: scopes,
    }),
  });
  // Unique per run: --reuse-data keeps earlier posters around.
  const username = `poster_${randomBytes(4).toString("hex")}`;
  const token = await api<{ access_token: string }>(url, "/api/v1/accounts", {
    method: "POST",
    token: appToken.access_token,
    body: JSON.stringify({
      username,
      email: `${username}@bench.invalid`,
      password: "bench password, long enough",
      agreement: true,
      locale: "en",
    }),
  });
  const account = await api<{ id: string }>(url, "/api/v1/accounts/verify_credentials", {
    token: token.access_token,
  });
  return { accountId: account.id, token: token.access_token, username };
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: T[], limit: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Each follower follows the poster through POST /api/v1/accounts/:id/follow. */
export async function followAll(
  url: string,
  poster: Poster,
  followers: SeededUser[],
  onProgress: (done: number) => void,
): Promise<void> {
  let done = 0;
  await inParallel(followers, 8, async (follower) => {
    const rel = await api<{ following: boolean; requested: boolean }>(
      url,
      `/api/v1/accounts/${poster.accountId}/follow`,
      { method: "POST", token: follower.token },
    );
    if (!rel.following) throw new BenchError(`follower ${follower.accountId} is not following the poster`);
    onProgress(++done);
  });
}

export interface PostedStatus {
  id: string;
  /** Request start to the end of the response body, ms. */
  latencyMs: number;
}

/**
 * POST /api/v1/statuses, timed from the request's start to the end of the response. A fresh
 * connection each time: posts come seconds apart, and reusing a keep-alive socket just as the
 * server times it out ends in ECONNRESET — a property of idle sockets, not of the post.
 */
export function postStatus(url: string, poster: Poster, text: string): Promise<PostedStatus> {
  const body = JSON.stringify({ status: text, visibility: "public" });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/v1/statuses`,
      {
        method: "POST",
        agent: false,
        headers: {
          authorization: `Bearer ${poster.token}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const latencyMs = performance.now() - started;
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200) {
            reject(new BenchError(`POST /api/v1/statuses → ${res.statusCode}: ${text.slice(0, 300)}`));
            return;
          }
          resolve({ id: (JSON.parse(text) as { id: string }).id, latencyMs });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The newest status ids in one account's home feed. */
export async function homeIds(url: string, token: string, limit = 5): Promise<string[]> {
  const page = await api<{ id: string }[]>(url, `/api/v1/timelines/home?limit=${limit}`, { token });
  return page.map((s) => s.id);
}
