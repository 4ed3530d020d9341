// One message of a conversation: the person's question, or the assistant's answer with which
// model answered, its tool calls and the posts it cites. "[123]" markers in an answer link to
// the citation card of that post.
import type { ReactNode } from "react";
import { modelLabel } from "../../api/ai.ts";
import type { AssistantMessage } from "../../api/assistant.ts";
import { CitationCards } from "./citation-cards.tsx";
import { ToolCallCard } from "./tool-call-card.tsx";

function withCitationLinks(text: string, cited: Set<string>): ReactNode[] {
  const parts = text.split(/\[(\d{1,19})\]/);
  return parts.map((part, i) =>
    i % 2 === 1 && cited.has(part) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable string
      <a key={i} href={`#cite-${part}`} className="cite-marker">
        [{[...cited].indexOf(part) + 1}]<span className="visually-hidden"> (a cited post, below)</span>
      </a>
    ) : i % 2 === 1 ? (
      `[${part}]`
    ) : (
      part
    ),
  );
}

export function MessageView({
  message,
  streaming = false,
  busy,
  onConfirm,
  onCancel,
}: {
  message: AssistantMessage;
  streaming?: boolean;
  busy: boolean;
  onConfirm: (callId: string) => void;
  onCancel: (callId: string) => void;
}) {
  if (message.role === "user") {
    return (
      <div className="chat-message chat-user">
        <p className="visually-hidden">You said:</p>
        <p className="chat-text">{message.content}</p>
      </div>
    );
  }
  const cited = new Set(message.citations.map((c) => c.status_id));
  return (
    <article className="chat-message chat-assistant" aria-label="Assistant's answer" aria-busy={streaming}>
      {message.tool_calls.map((call) => (
        <ToolCallCard key={call.id} call={call} busy={busy} onConfirm={onConfirm} onCancel={onCancel} />
      ))}
      {message.content ? (
        <p className="chat-text">{withCitationLinks(message.content, cited)}</p>
      ) : streaming ? (
        <p className="chat-text chat-thinking">Thinking…</p>
      ) : null}
      {message.model ? <p className="chat-model">Answered by {modelLabel(message.model)}</p> : null}
      <CitationCards citations={message.citations} />
    </article>
  );
}
