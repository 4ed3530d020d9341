// One assistant conversation on screen: its stored messages, the reply being streamed (text
// deltas, tool calls, citations), and the person's answers to pending writes. After each turn the
// conversation is read again, so what shows is what the server stored.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type AssistantMessage,
  cancelToolCall,
  confirmToolCall,
  getConversation,
  type ReplyEvent,
  sendMessage,
  type ToolCall,
} from "../api/assistant.ts";
import { forgetListCache } from "./list-cache.ts";

function blankReply(): AssistantMessage {
  return {
    id: "streaming",
    role: "assistant",
    content: "",
    citations: [],
    tool_calls: [],
    model: null,
    created_at: new Date().toISOString(),
  };
}

function withEvent(reply: AssistantMessage, event: ReplyEvent): AssistantMessage {
  switch (event.type) {
    case "text":
      return { ...reply, content: reply.content + event.delta };
    case "citations":
      return { ...reply, citations: event.citations };
    case "message":
      return event.message;
    default: {
      const calls = reply.tool_calls.some((c) => c.id === event.call.id)
        ? reply.tool_calls.map((c) => (c.id === event.call.id ? event.call : c))
        : [...reply.tool_calls, event.call];
      return { ...reply, tool_calls: calls };
    }
  }
}

const markCall = (messages: AssistantMessage[], callId: string, change: Partial<ToolCall>) =>
  messages.map((m) => ({
    ...m,
    tool_calls: m.tool_calls.map((c) =>
      c.id === callId ? { ...c, ...change, requires_confirmation: false } : c,
    ),
  }));

export function useAssistantChat(conversationId: string | null, onTitle?: () => void) {
  const [messages, setMessages] = useState<AssistantMessage[]>([]);
  const [reply, setReply] = useState<AssistantMessage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = reply !== null;
  const current = useRef(conversationId);
  current.current = conversationId;
  /** A conversation this hook just started by sending to it: already on screen, not to be reset. */
  const adopted = useRef<string | null>(null);

  const reload = useCallback(async (id: string) => {
    const conversation = await getConversation(id);
    if (current.current === id) setMessages(conversation.messages ?? []);
  }, []);

  useEffect(() => {
    if (conversationId && adopted.current === conversationId) {
      adopted.current = null;
      return;
    }
    setMessages([]);
    setReply(null);
    setError(null);
    if (!conversationId) return;
    setLoading(true);
    reload(conversationId)
      .catch((err: Error) => setError(err.message))
      .finally(() => setLoading(false));
  }, [conversationId, reload]);

  /** Streams one reply (a message, or the continuation after a confirmation) into view. */
  const stream = useCallback(
    async (id: string, run: (onEvent: (event: ReplyEvent) => void) => Promise<void>) => {
      setError(null);
      setReply(blankReply());
      try {
        await run((event) => setReply((r) => withEvent(r ?? blankReply(), event)));
      } catch (err) {
        setError((err as Error).message);
      }
      await reload(id).catch(() => undefined);
      setReply(null);
      onTitle?.();
    },
    [reload, onTitle],
  );

  const send = useCallback(
    async (id: string, content: string) => {
      if (id !== current.current) {
        adopted.current = id;
        current.current = id;
        setMessages([]);
      }
      const mine: AssistantMessage = { ...blankReply(), id: `local-${Date.now()}`, role: "user", content };
      setMessages((list) => [...list, mine]);
      await stream(id, (onEvent) => sendMessage(id, content, onEvent));
    },
    [stream],
  );

  const confirm = useCallback(
    async (callId: string) => {
      const id = current.current;
      if (!id) return;
      setMessages((list) => markCall(list, callId, { state: "running" }));
      await stream(id, (onEvent) =>
        confirmToolCall(id, callId, (event) => {
          // A post made by the assistant belongs in the feeds kept for Back: read them afresh.
          if (
            event.type === "tool_result" &&
            event.call.name === "post_status" &&
            event.call.state === "done"
          )
            forgetListCache("/api/v1/");
          onEvent(event);
        }),
      );
    },
    [stream],
  );

  const cancel = useCallback(async (callId: string) => {
    const id = current.current;
    if (!id) return;
    try {
      await cancelToolCall(id, callId);
      setMessages((list) => markCall(list, callId, { state: "cancelled" }));
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);

  return { messages, reply, loading, busy, error, send, confirm, cancel };
}
