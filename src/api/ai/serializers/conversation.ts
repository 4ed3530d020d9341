// Assistant conversations and messages as the AI extension API shows them (DESIGN.md §5). A
// message is `{id, role, content, citations: [{status_id, url}], tool_calls: […]}`; the transcript
// kept for the model is never shown.
import type { Conversation, Message } from "../../../ai/assistant/conversations.ts";
import type { StoredToolCall } from "../../../db/schema.ts";

export function serializeToolCall(call: StoredToolCall) {
  return {
    id: call.id,
    name: call.name,
    arguments: call.arguments,
    kind: call.kind,
    /** A write waiting for POST …/tool_calls/:id/confirm (or /cancel). */
    requires_confirmation: call.kind === "write" && call.state === "pending",
    state: call.state,
    ...(call.result !== undefined ? { result: call.result } : {}),
    ...(call.error !== undefined ? { error: call.error } : {}),
  };
}

export function serializeMessage(message: Message) {
  return {
    id: String(message.id),
    conversation_id: String(message.conversationId),
    role: message.role,
    content: message.content,
    citations: message.citations,
    tool_calls: message.toolCalls.map(serializeToolCall),
    model: message.model,
    created_at: message.createdAt.toISOString(),
  };
}

export function serializeConversation(conversation: Conversation, messages?: Message[]) {
  return {
    id: String(conversation.id),
    title: conversation.title,
    created_at: conversation.createdAt.toISOString(),
    updated_at: conversation.updatedAt.toISOString(),
    ...(messages ? { messages: messages.map(serializeMessage) } : {}),
  };
}
