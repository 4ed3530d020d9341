// One tool call of the assistant: what it reads or wants to do, with its arguments in words,
// its state, and — for a write waiting on the person — Confirm and Cancel.
import type { ToolCall } from "../../api/assistant.ts";
import { Link } from "../../router.tsx";
import { GenerationPreview } from "./generation-preview.tsx";

const TITLES: Record<string, string> = {
  search_posts: "Searched posts",
  read_thread: "Read a thread",
  trending_tags: "Looked at what's trending",
  user_posts: "Read someone's posts",
  post_status: "Publish a post",
  follow_account: "Follow an account",
  generate_image: "Generate an image",
};

const STATE_TEXT: Record<string, string> = {
  pending: "Waiting for you",
  running: "Running…",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

function summary(call: ToolCall): string | null {
  const a = call.arguments;
  if (typeof a.text === "string") return a.text;
  if (typeof a.prompt === "string") return a.prompt;
  if (typeof a.query === "string") return `“${a.query}”`;
  if (typeof a.username === "string") return `@${a.username}`;
  if (typeof a.status_id === "string") return `post ${a.status_id}`;
  const rest = Object.entries(a);
  return rest.length ? rest.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ") : null;
}

function Outcome({ call }: { call: ToolCall }) {
  if (call.state === "failed") return <p className="field-error">{call.error ?? "It didn't work."}</p>;
  const result = call.result as Record<string, unknown> | undefined;
  if (call.state !== "done" || !result) return null;
  if (call.name === "post_status" && typeof result.url === "string" && typeof result.id === "string") {
    const path = new URL(result.url, window.location.origin).pathname;
    return (
      <p>
        Posted. <Link href={path}>View the post</Link>
      </p>
    );
  }
  if (call.name === "follow_account" && typeof result.followed === "string")
    return <p>You now follow {result.followed}.</p>;
  if (call.name === "generate_image" && typeof result.image_generation_id === "string")
    return <GenerationPreview id={result.image_generation_id} />;
  if (Array.isArray(result.posts)) return <p>{result.posts.length} posts found.</p>;
  return null;
}

export function ToolCallCard({
  call,
  onConfirm,
  onCancel,
  busy,
}: {
  call: ToolCall;
  onConfirm: (id: string) => void;
  onCancel: (id: string) => void;
  busy: boolean;
}) {
  const title = TITLES[call.name] ?? call.name.replace(/__/, ": ").replace(/_/g, " ");
  const text = summary(call);
  const waiting = call.requires_confirmation && call.state === "pending";
  return (
    <section
      className={`tool-call tool-call-${call.kind} state-${call.state}`}
      aria-label={`${title}: ${STATE_TEXT[call.state] ?? call.state}`}
    >
      <p className="tool-call-head">
        <strong>{title}</strong>{" "}
        <span className="tool-call-state">{STATE_TEXT[call.state] ?? call.state}</span>
      </p>
      {text ? <blockquote className="tool-call-args">{text}</blockquote> : null}
      <Outcome call={call} />
      {waiting ? (
        <div className="tool-call-actions">
          <button type="button" className="primary" disabled={busy} onClick={() => onConfirm(call.id)}>
            Confirm
          </button>
          <button type="button" disabled={busy} onClick={() => onCancel(call.id)}>
            Cancel
          </button>
        </div>
      ) : null}
    </section>
  );
}
