// The assistant's conversations (DESIGN.md §5): create, list, read (with messages), rename and
// delete; send a message and get the reply as server-sent events — `text` deltas, `tool_call`,
// `tool_result` and `citations` as they happen, then `message`, the final message — or, with
// `Accept: application/json`, the final message alone. Writes the assistant proposes wait for
// POST …/tool_calls/:call_id/confirm (runs it, then the assistant goes on) or …/cancel.
import type { Context } from "hono";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { AssistantLimitError } from "../../ai/assistant/budget.ts";
import {
  createConversation,
  deleteConversation,
  getConversation,
  listConversations,
  listMessages,
  MAX_TITLE,
  type Message,
  renameConversation,
} from "../../ai/assistant/conversations.ts";
import { type AssistantService, MAX_MESSAGE_LENGTH } from "../../ai/assistant/service.ts";
import type { TurnEvent } from "../../ai/assistant/turn.ts";
import { AiUnavailableError } from "../../ai/types.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";
import { p, parseBody, parseQuery, pathId } from "../params.ts";
import { aiCall } from "./errors.ts";
import { serializeConversation, serializeMessage, serializeToolCall } from "./serializers/conversation.ts";

const createSchema = z.object({ title: p.string(MAX_TITLE).optional() });
const renameSchema = z.object({ title: p.string(MAX_TITLE) });
const messageSchema = z.object({
  content: p.string(MAX_MESSAGE_LENGTH).refine((v) => v.trim().length > 0, { error: "can't be blank" }),
});
const listSchema = z.object({ limit: p.int(1, 80).default(20), max_id: p.id().optional() });

type Work = (emit: (event: TurnEvent) => void) => Promise<Message>;

function sseEvent(event: TurnEvent): { event: string; data: string } {
  switch (event.type) {
    case "text":
      return { event: "text", data: JSON.stringify({ delta: event.delta }) };
    case "citations":
      return { event: "citations", data: JSON.stringify(event.citations) };
    default:
      return { event: event.type, data: JSON.stringify(serializeToolCall(event.call)) };
  }
}

/**
 * Runs a turn and answers with JSON or server-sent events. A failure before the first event (404,
 * 422, 429) is an ordinary `{"error"}` response; one after it is an `error` event.
 */
async function respond(c: Context, work: Work) {
  const accept = c.req.header("accept") ?? "";
  try {
    if (accept.includes("application/json") && !accept.includes("text/event-stream")) {
      const message = await aiCall(() => work(() => {}));
      return c.json(serializeMessage(message));
    }
    const queue: TurnEvent[] = [];
    let notify: (() => void) | null = null;
    let started!: () => void;
    const firstEvent = new Promise<void>((resolve) => {
      started = resolve;
    });
    const done = work((event) => {
      queue.push(event);
      started();
      notify?.();
    });
    const outcome = done.then(
      (message) => ({ message, error: null }),
      (error: unknown) => ({ message: null, error }),
    );
    await aiCall(() => Promise.race([firstEvent, done]));
    return streamSSE(c, async (stream) => {
      let finished = false;
      void outcome.then(() => {
        finished = true;
        notify?.();
      });
      for (;;) {
        while (queue.length) await stream.writeSSE(sseEvent(queue.shift()!));
        if (finished) break;
        await new Promise<void>((resolve) => {
          notify = resolve;
        });
        notify = null;
      }
      const { message, error } = await outcome;
      if (message)
        await stream.writeSSE({ event: "message", data: JSON.stringify(serializeMessage(message)) });
      else await stream.writeSSE({ event: "error", data: JSON.stringify({ error: failureText(error) }) });
    });
  } catch (err) {
    if (err instanceof AssistantLimitError) {
      c.header("Retry-After", String(err.retryAfterSeconds));
      throw new ApiError(429, err.message);
    }
    throw err;
  }
}

/** What an `error` event says: the reason for known failures, nothing internal otherwise. */
function failureText(error: unknown): string {
  if (error instanceof AiUnavailableError) return `AI is unavailable: ${error.message}`;
  if (error instanceof Error && "status" in error) return error.message;
  return "The assistant failed; try again";
}

export function aiConversationsRoutes(assistant: AssistantService) {
  const { db } = assistant.deps.social;
  const viewerOf = (auth: { userId: bigint; accountId: bigint }) => ({
    userId: auth.userId,
    accountId: auth.accountId,
  });
  return new Hono()
    .post("/api/v1/ai/conversations", async (c) => {
      const auth = requireUser(c, "write");
      const body = await parseBody(c, createSchema);
      return c.json(
        serializeConversation(await createConversation(db, auth.accountId, body.title ?? ""), []),
      );
    })
    .get("/api/v1/ai/conversations", async (c) => {
      const auth = requireUser(c, "read");
      const query = parseQuery(c, listSchema);
      const rows = await listConversations(db, auth.accountId, {
        limit: query.limit,
        maxId: query.max_id === undefined ? undefined : BigInt(query.max_id),
      });
      return c.json(rows.map((row) => serializeConversation(row)));
    })
    .get("/api/v1/ai/conversations/:id", async (c) => {
      const auth = requireUser(c, "read");
      const conversation = await getConversation(db, auth.accountId, pathId(c));
      return c.json(serializeConversation(conversation, await listMessages(db, conversation.id)));
    })
    .patch("/api/v1/ai/conversations/:id", async (c) => {
      const auth = requireUser(c, "write");
      const body = await parseBody(c, renameSchema);
      return c.json(
        serializeConversation(await renameConversation(db, auth.accountId, pathId(c), body.title)),
      );
    })
    .delete("/api/v1/ai/conversations/:id", async (c) => {
      const auth = requireUser(c, "write");
      await deleteConversation(db, auth.accountId, pathId(c));
      return c.json({});
    })
    .post("/api/v1/ai/conversations/:id/messages", async (c) => {
      const auth = requireUser(c, "write");
      const id = pathId(c);
      const body = await parseBody(c, messageSchema);
      return respond(c, (emit) => assistant.sendMessage(viewerOf(auth), id, body.content, emit));
    })
    .post("/api/v1/ai/conversations/:id/tool_calls/:call_id/confirm", async (c) => {
      const auth = requireUser(c, "write");
      const id = pathId(c);
      const callId = c.req.param("call_id");
      requireUser(c, await assistant.scopeToConfirm(viewerOf(auth), id, callId));
      return respond(c, (emit) => assistant.confirmToolCall(viewerOf(auth), id, callId, emit));
    })
    .post("/api/v1/ai/conversations/:id/tool_calls/:call_id/cancel", async (c) => {
      const auth = requireUser(c, "write");
      return c.json(
        serializeMessage(await assistant.cancelToolCall(viewerOf(auth), pathId(c), c.req.param("call_id"))),
      );
    });
}
