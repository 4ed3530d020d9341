// The assistant: conversations (new, rename, delete), a streamed answer with the posts it cites
// as cards, tool calls to confirm or cancel, and the apps it may use. "Ask about this" on a post
// arrives here with ?about=ID and starts a conversation about that post.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type Conversation,
  createConversation,
  deleteConversation,
  listConversations,
  renameConversation,
} from "../api/assistant.ts";
import { getStatus } from "../api/statuses.ts";
import { AppPicker } from "../components/assistant/app-picker.tsx";
import { ConversationList } from "../components/assistant/conversation-list.tsx";
import { MessageView } from "../components/assistant/message-view.tsx";
import { FormError } from "../components/form-error.tsx";
import { Loading } from "../components/skeleton.tsx";
import { useAssistantChat } from "../hooks/assistant-chat.ts";
import { toast } from "../hooks/toasts.tsx";
import { navigate } from "../router.tsx";

const EXAMPLES = [
  "What are people saying about printmaking?",
  "What's trending?",
  "Post: Hello from the assistant!",
];

export default function AssistantPage({
  conversationId,
  about,
}: {
  conversationId: string | null;
  about: string | null;
}) {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [listError, setListError] = useState<string | null>(null);
  const [input, setInput] = useState("");
  const refreshList = useCallback(() => {
    listConversations()
      .then(setConversations)
      .catch((err: Error) => setListError(err.message));
  }, []);
  useEffect(refreshList, [refreshList]);
  const chat = useAssistantChat(conversationId, refreshList);
  const { send } = chat;
  const bottom = useRef<HTMLDivElement>(null);

  const open = (id: string | null) => navigate(id ? `/assistant?c=${id}` : "/assistant");

  /** Sends to the open conversation, or to a new one. */
  const ask = useCallback(
    async (content: string, title = "") => {
      let id = conversationId;
      if (!id) {
        const created = await createConversation(title);
        id = created.id;
        setConversations((list) => [created, ...list]);
        navigate(`/assistant?c=${id}`, { replace: true });
      }
      await send(id, content);
    },
    [conversationId, send],
  );

  // "Ask about this": a new conversation that starts by reading the post's thread.
  const started = useRef<string | null>(null);
  useEffect(() => {
    if (!about || started.current === about) return;
    started.current = about;
    getStatus(about)
      .then((status) => ask(`Read thread ${status.id}`, `About @${status.account.acct}'s post`))
      .catch((err: Error) => toast(`Couldn't open that post: ${err.message}`, "error"));
  }, [about, ask]);

  useEffect(() => {
    if (chat.reply) bottom.current?.scrollIntoView?.({ block: "end" });
  }, [chat.reply]);

  const submit = (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    const content = input.trim();
    if (!content || chat.busy) return;
    setInput("");
    void ask(content).catch((err: Error) => toast(err.message, "error"));
  };

  const current = conversations.find((c) => c.id === conversationId);
  return (
    <div className="page assistant-page">
      <h1>Assistant</h1>
      <p className="assistant-intro">
        Answers from what people here are posting, with the posts it used. It only acts — posts, follows,
        makes images — after you confirm.
      </p>
      <div className="assistant-bar">
        <details className="conversation-picker" open={!conversationId || undefined}>
          <summary>{current ? current.title || "New conversation" : "Conversations"}</summary>
          <FormError message={listError} />
          <ConversationList
            conversations={conversations}
            selected={conversationId}
            onOpen={open}
            onRename={(id, title) =>
              renameConversation(id, title)
                .then((renamed) => setConversations((list) => list.map((c) => (c.id === id ? renamed : c))))
                .catch((err: Error) => toast(`Couldn't rename: ${err.message}`, "error"))
            }
            onDelete={(id) =>
              deleteConversation(id)
                .then(() => {
                  setConversations((list) => list.filter((c) => c.id !== id));
                  if (id === conversationId) open(null);
                  toast("Conversation deleted");
                })
                .catch((err: Error) => toast(`Couldn't delete: ${err.message}`, "error"))
            }
          />
        </details>
        <button type="button" className="new-conversation" onClick={() => open(null)}>
          New conversation
        </button>
        <AppPicker />
      </div>
      <p className="visually-hidden" role="status">
        {chat.busy ? "The assistant is answering…" : chat.messages.length ? "The answer is ready." : ""}
      </p>
      <section className="chat" aria-label="Conversation">
        {chat.loading ? <Loading label="Loading the conversation" /> : null}
        {!conversationId && !chat.messages.length && !chat.reply ? (
          <div className="chat-empty">
            <p>Ask about anything people are posting. For example:</p>
            <ul>
              {EXAMPLES.map((example) => (
                <li key={example}>
                  <button type="button" className="chip" onClick={() => setInput(example)}>
                    {example}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {chat.messages.map((m) => (
          <MessageView
            key={m.id}
            message={m}
            busy={chat.busy}
            onConfirm={chat.confirm}
            onCancel={chat.cancel}
          />
        ))}
        {chat.reply ? (
          <MessageView message={chat.reply} streaming busy onConfirm={chat.confirm} onCancel={chat.cancel} />
        ) : null}
        <FormError message={chat.error} />
        <div ref={bottom} />
      </section>
      <form className="chat-input" onSubmit={submit}>
        <label htmlFor="assistant-input" className="visually-hidden">
          Ask the assistant
        </label>
        <textarea
          id="assistant-input"
          rows={2}
          value={input}
          maxLength={4000}
          placeholder="Ask about what people are posting…"
          onChange={(event) => setInput(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) submit(event);
          }}
        />
        <button type="submit" className="primary" disabled={!input.trim() || chat.busy}>
          {chat.busy ? "Answering…" : "Send"}
        </button>
      </form>
    </div>
  );
}
