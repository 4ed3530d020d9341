// The assistant's conversations (README "The assistant"): list, create, rename, delete, and a
// message whose reply arrives as server-sent events — text deltas, tool calls and results,
// citations — ending with the final message (or an `error` event).
import { api, apiResponse } from "./client.ts";

export interface Citation {
  status_id: string;
  url: string;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  kind: "read" | "write";
  state: "pending" | "done" | "failed" | "cancelled" | string;
  requires_confirmation: boolean;
  result?: unknown;
  error?: string;
}

export interface AssistantMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  citations: Citation[];
  tool_calls: ToolCall[];
  model: string | null;
  created_at: string;
}

export interface Conversation {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  messages?: AssistantMessage[];
}

export type ReplyEvent =
  | { type: "text"; delta: string }
  | { type: "tool_call" | "tool_result"; call: ToolCall }
  | { type: "citations"; citations: Citation[] }
  | { type: "message"; message: AssistantMessage };

const base = "/api/v1/ai/conversations";

export const listConversations = () => api<Conversation[]>(base, { query: { limit: 40 } });
export const getConversation = (id: string) => api<Conversation>(`${base}/${id}`);
export const createConversation = (title = "") =>
  api<Conversation>(base, { method: "POST", body: title ? { title } : {} });
export const renameConversation = (id: string, title: string) =>
  api<Conversation>(`${base}/${id}`, { method: "PATCH", body: { title } });
export const deleteConversation = (id: string) => api(`${base}/${id}`, { method: "DELETE" });
export const cancelToolCall = (id: string, callId: string) =>
  api<AssistantMessage>(`${base}/${id}/tool_calls/${encodeURIComponent(callId)}/cancel`, { method: "POST" });

/** One event of a reply; null for events this app doesn't know (newer servers may add some). */
function toEvent(name: string, data: string): ReplyEvent | null {
  const value = JSON.parse(data) as unknown;
  switch (name) {
    case "text":
      return { type: "text", delta: (value as { delta: string }).delta };
    case "tool_call":
    case "tool_result":
      return { type: name, call: value as ToolCall };
    case "citations":
      return { type: "citations", citations: value as Citation[] };
    case "message":
      return { type: "message", message: value as AssistantMessage };
    case "error":
      throw new Error((value as { error?: string }).error ?? "The assistant failed; try again.");
    default:
      return null;
  }
}

/** Reads a server-sent event stream, calling `onEvent` for each event; resolves at its end. */
export async function readReplyEvents(res: Response, onEvent: (event: ReplyEvent) => void): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    // Lines end in LF, CRLF or CR; a CR at the very end may be half of a CRLF cut by the chunking.
    if (value) buffer = (buffer + value).replace(/\r\n/g, "\n").replace(/\r(?!$)/g, "\n");
    if (done) buffer = buffer.replace(/\r$/, "\n"); // an unfinished last event is dropped, as in EventSource
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      const event = data.length ? toEvent(name, data.join("\n")) : null;
      if (event) onEvent(event);
      end = buffer.indexOf("\n\n");
    }
    if (done) return;
  }
}

function streamReply(
  path: string,
  body: unknown,
  onEvent: (event: ReplyEvent) => void,
  signal?: AbortSignal,
) {
  return apiResponse(path, {
    method: "POST",
    body,
    accept: "text/event-stream",
    ...(signal ? { signal } : {}),
  }).then((res) => readReplyEvents(res, onEvent));
}

export const sendMessage = (
  id: string,
  content: string,
  onEvent: (event: ReplyEvent) => void,
  signal?: AbortSignal,
) => streamReply(`${base}/${id}/messages`, { content }, onEvent, signal);

/** Runs a pending write; the assistant's continuation streams like a reply. */
export const confirmToolCall = (id: string, callId: string, onEvent: (event: ReplyEvent) => void) =>
  streamReply(`${base}/${id}/tool_calls/${encodeURIComponent(callId)}/confirm`, {}, onEvent);
