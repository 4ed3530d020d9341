// Helpers for the assistant API tests: conversations, messages sent as JSON or read as server-sent
// events (parsed into {event, data} pairs), and waiting for the embedding job to index statuses.
import { sql } from "drizzle-orm";
import { queryRows } from "../../src/db/client.ts";
import { api } from "./ai-images.ts";
import type { TestServer } from "./server.ts";

export interface ToolCallJson {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  kind: "read" | "write";
  requires_confirmation: boolean;
  state: string;
  result?: Record<string, unknown>;
  error?: string;
}

export interface MessageJson {
  id: string;
  conversation_id: string;
  role: "user" | "assistant";
  content: string;
  citations: { status_id: string; url: string }[];
  tool_calls: ToolCallJson[];
  model: string | null;
  error?: string;
}

export interface SseEvent {
  event: string;
  data: unknown;
}

export async function newConversation(url: string, token: string, title?: string): Promise<string> {
  const { status, json } = await api(url, token, "POST", "/api/v1/ai/conversations", title ? { title } : {});
  if (status !== 200) throw new Error(`creating a conversation: ${status} ${JSON.stringify(json)}`);
  return json.id as string;
}

/** Sends a message with Accept: application/json; the final message (or the error body). */
export async function ask(
  url: string,
  token: string,
  conversationId: string,
  content: string,
): Promise<{ status: number; message: MessageJson; headers: Headers }> {
  const res = await fetch(`${url}/api/v1/ai/conversations/${conversationId}/messages`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      Accept: "application/json",
    },
    body: JSON.stringify({ content }),
  });
  return { status: res.status, message: (await res.json()) as MessageJson, headers: res.headers };
}

/** Parses a text/event-stream body into its events (data parsed as JSON). */
export function parseSse(body: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of body.split(/\n\n+/)) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    if (data.length) events.push({ event, data: JSON.parse(data.join("\n")) });
  }
  return events;
}

/** POSTs to an assistant endpoint that streams, and returns the content type and parsed events. */
export async function streamed(
  url: string,
  token: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; contentType: string; events: SseEvent[] }> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: "text/event-stream",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const contentType = res.headers.get("content-type") ?? "";
  return {
    status: res.status,
    contentType,
    events: contentType.includes("text/event-stream")
      ? parseSse(text)
      : [{ event: "body", data: JSON.parse(text) }],
  };
}

export async function confirmCall(url: string, token: string, conversationId: string, callId: string) {
  const res = await fetch(`${url}/api/v1/ai/conversations/${conversationId}/tool_calls/${callId}/confirm`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
  });
  return { status: res.status, message: (await res.json()) as MessageJson };
}

export async function cancelCall(url: string, token: string, conversationId: string, callId: string) {
  const res = await fetch(`${url}/api/v1/ai/conversations/${conversationId}/tool_calls/${callId}/cancel`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: res.status, message: (await res.json()) as MessageJson };
}

/** Waits until every original status has a vector (the embedding jobs ran). */
export async function waitForEmbeddings(server: TestServer, timeoutMs = 15_000): Promise<void> {
  const { db } = server.running.database;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await queryRows<{ missing: string | number }>(
      db,
      sql`SELECT count(*) AS missing FROM statuses s WHERE s.reblog_of_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM ai_status_embeddings e WHERE e.status_id = s.id)`,
    );
    if (Number(row?.missing ?? 0) === 0) return;
    if (Date.now() > deadline) throw new Error(`${row?.missing} statuses still have no embedding`);
    server.running.worker?.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
