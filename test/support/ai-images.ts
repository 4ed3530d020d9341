// Helpers for the image generation API tests: start a generation, wait for it to settle, and fetch
// a stored media file from the test server.
import { expect } from "vitest";
import type { UserSession } from "./clients.ts";

export interface GenerationJson {
  id: string;
  state: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  error?: string;
  prompt: string;
  seed: number;
  model: string | null;
  remix_of_id: string | null;
  media_attachments: {
    id: string;
    url: string;
    preview_url: string;
    meta: { generation?: Record<string, unknown>; original?: { width: number; height: number } };
  }[];
}

export async function api(
  url: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}

export async function startGeneration(
  url: string,
  token: string,
  body: Record<string, unknown>,
): Promise<GenerationJson> {
  const res = await api(url, token, "POST", "/api/v1/ai/images", body);
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return res.json as unknown as GenerationJson;
}

/** Polls until the generation succeeded or failed (or the deadline passes). */
export async function settled(url: string, token: string, id: string, ms = 60_000): Promise<GenerationJson> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await api(url, token, "GET", `/api/v1/ai/images/${id}`);
    expect(res.status).toBe(200);
    const job = res.json as unknown as GenerationJson;
    if (job.state === "succeeded" || job.state === "failed") return job;
    if (Date.now() > deadline) throw new Error(`generation ${id} still ${job.state} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A media file's bytes, fetched from the server under test (media URLs name PUBLIC_URL's host). */
export async function fetchMedia(serverUrl: string, mediaUrl: string): Promise<Buffer> {
  const { pathname } = new URL(mediaUrl);
  const res = await fetch(`${serverUrl}${pathname}`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** Generates an image as `who` and posts it with `visibility`; returns the status JSON. */
export async function postGeneratedImage(
  url: string,
  who: UserSession,
  prompt: string,
  visibility = "public",
  extra: Record<string, unknown> = {},
): Promise<{ id: string; remix_of: unknown }> {
  const job = await settled(
    url,
    who.token,
    (await startGeneration(url, who.token, { prompt, size: "192x128", seed: 7 })).id,
  );
  expect(job.state, job.error).toBe("succeeded");
  const res = await api(url, who.token, "POST", "/api/v1/statuses", {
    status: `made: ${prompt}`,
    visibility,
    media_ids: job.media_attachments.map((m) => m.id),
    ...extra,
  });
  expect(res.status).toBe(200);
  return res.json as { id: string; remix_of: unknown };
}
