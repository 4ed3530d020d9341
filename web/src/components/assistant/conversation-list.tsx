// The person's conversations with the assistant: open one, rename or delete it.
import { useState } from "react";
import type { Conversation } from "../../api/assistant.ts";

export function ConversationList({
  conversations,
  selected,
  onOpen,
  onRename,
  onDelete,
}: {
  conversations: Conversation[];
  selected: string | null;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  return (
    <nav className="conversations" aria-label="Conversations">
      {conversations.length === 0 ? <p className="empty">No conversations yet.</p> : null}
      <ul>
        {conversations.map((c) => {
          const name = c.title || "New conversation";
          return (
            <li key={c.id} className={c.id === selected ? "current" : undefined}>
              {editing === c.id ? (
                <form
                  className="conversation-rename"
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (title.trim()) onRename(c.id, title.trim());
                    setEditing(null);
                  }}
                >
                  <input
                    aria-label="Conversation title"
                    value={title}
                    maxLength={200}
                    // biome-ignore lint/a11y/noAutofocus: the person just asked to rename this
                    autoFocus
                    onChange={(event) => setTitle(event.target.value)}
                    onKeyDown={(event) => {
                      if (event.key === "Escape") setEditing(null);
                    }}
                  />
                  <button type="submit">Save</button>
                </form>
              ) : (
                <>
                  <button
                    type="button"
                    className="conversation-open"
                    aria-current={c.id === selected ? "true" : undefined}
                    onClick={() => onOpen(c.id)}
                  >
                    {name}
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Rename ${name}`}
                    onClick={() => {
                      setTitle(c.title);
                      setEditing(c.id);
                    }}
                  >
                    Rename
                  </button>
                  <button
                    type="button"
                    className="link-button danger"
                    aria-label={`Delete ${name}`}
                    onClick={() => {
                      if (window.confirm(`Delete “${name}”? This can't be undone.`)) onDelete(c.id);
                    }}
                  >
                    Delete
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
