// The assistant without a language model. It says so, and does two honest things:
// - plain commands in the person's own message ("post …", "follow @x", "create an image of …",
//   "what's trending", "posts by @x", "read thread 123") become the matching tool call — writes
//   proposed for confirmation, reads run at once;
// - anything else is a question: the best matching posts (hybrid retrieval) are quoted — the
//   sentences that share the most words with the question — each with its citation.
// Only the person's message is ever parsed for commands; text of retrieved posts is only quoted.
import { randomUUID } from "node:crypto";
import type { StoredToolCall } from "../../db/schema.ts";
import { bestSentences } from "./extract.ts";
import { BUILTIN_TOOLS, type ToolRun } from "./tools.ts";
import { BUILTIN_ASSISTANT_MODEL, citationsFor, type Emit, runToolCall, type TurnOutcome } from "./turn.ts";

const INTRO =
  "I'm Atelier's built-in assistant engine: no language model is available to me, so I " +
  "can't write answers of my own.";

interface Command {
  tool: string;
  args: Record<string, unknown>;
}

const COMMANDS: { re: RegExp; build: (m: RegExpMatchArray) => Command }[] = [
  {
    re: /^\s*(?:please\s+)?(?:create|generate|make|draw|paint|render)\s+(?:me\s+)?(?:an?\s+)?(?:image|picture|illustration|drawing|painting|photo)\s+(?:of|showing|with|depicting)\s+([\s\S]+?)\s*$/i,
    build: (m) => ({ tool: "generate_image", args: { prompt: m[1]!.replace(/[.!]+$/, "") } }),
  },
  {
    re: /^\s*(?:please\s+)?(?:post|publish|toot)(?:\s+this)?\s*:?\s+([\s\S]+?)\s*$/i,
    build: (m) => ({ tool: "post_status", args: { text: m[1]!.replace(/^["“](.*)["”]$/s, "$1") } }),
  },
  {
    re: /^\s*(?:please\s+)?follow\s+@?([\w.-]+)\s*[.!]?\s*$/i,
    build: (m) => ({ tool: "follow_account", args: { username: m[1]! } }),
  },
  {
    re: /^\s*(?:read|show|open)\s+(?:me\s+)?(?:the\s+)?thread\s+(?:of\s+|for\s+)?(?:post\s+)?#?(\d{1,19})\s*[.?!]?\s*$/i,
    build: (m) => ({ tool: "read_thread", args: { status_id: m[1]! } }),
  },
  {
    re: /\b(?:trending|hot|popular|top)\s+topics?\b/i,
    build: () => ({ tool: "trending_topics", args: {} }),
  },
  {
    re: /\b(?:trending|trends)\b/i,
    build: () => ({ tool: "trending_tags", args: {} }),
  },
  {
    re: /^\s*(?:show\s+(?:me\s+)?|what\s+(?:has|did)\s+)?(?:the\s+)?(?:latest\s+|recent\s+)?posts?\s+(?:by|from)\s+@([\w.-]+)\b/i,
    build: (m) => ({ tool: "user_posts", args: { username: m[1]! } }),
  },
];

export function parseCommand(message: string): Command | null {
  for (const { re, build } of COMMANDS) {
    const match = message.match(re);
    if (match) return build(match);
  }
  return null;
}

function describePending(call: StoredToolCall): string {
  const a = call.arguments;
  switch (call.name) {
    case "post_status":
      return `I can publish this post for you:\n\n> ${String(a.text).replace(/\n/g, "\n> ")}\n\nConfirm to post it, or cancel.`;
    case "follow_account":
      return `I can follow @${String(a.username)} for you. Confirm to follow, or cancel.`;
    case "generate_image":
      return `I can start generating an image of “${String(a.prompt)}” for you. Confirm to start, or cancel.`;
    default:
      return `I can run ${call.name} for you. Confirm to run it, or cancel.`;
  }
}

async function streamText(emit: Emit, text: string): Promise<void> {
  for (const piece of text.match(/[^\n]*\n*/g) ?? []) if (piece) await emit({ type: "text", delta: piece });
}

/** A post as tools show it (postForModel in tools.ts), the fields a quote uses. */
type QuotedPost = { id: string; author: string; text: string; content_warning?: string };

/** A quoted post keeps its author's content warning in front of the words it hides. */
const warned = (p: QuotedPost) => (p.content_warning ? `(content warning: ${p.content_warning}) ` : "");

/** Words of one post as a quote: its best sentences for the question, cut to a readable length. */
function quote(text: string, question: string): string {
  if (text.length <= 280) return text;
  const joined = bestSentences(text, question, 2).join(" ");
  return joined.length > 280 ? `${joined.slice(0, 279)}…` : joined;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function readAnswer(call: StoredToolCall): { text: string; cite: string[] } {
  if (call.state === "failed") return { text: `That didn't work: ${call.error}`, cite: [] };
  const result = call.result as Record<string, unknown>;
  if (call.name === "trending_topics") {
    const topics = result.topics as { topic: string; people: number; posts: number }[];
    if (!topics.length) return { text: "No topic stands out in today's public posts yet.", cite: [] };
    const lines = topics.map((t) => `- ${t.topic}: ${plural(t.people, "person", "people")}`);
    return { text: `What people are writing about today:\n${lines.join("\n")}`, cite: [] };
  }
  if (call.name === "trending_tags") {
    const tags = result.tags as { name: string; people: number; posts: number }[];
    if (!tags.length) return { text: "Nothing is trending this week yet.", cite: [] };
    const lines = tags.map(
      (t) => `- ${t.name}: ${plural(t.posts, "post", "posts")} by ${plural(t.people, "person", "people")}`,
    );
    return { text: `Trending this week:\n${lines.join("\n")}`, cite: [] };
  }
  type Post = QuotedPost;
  const posts = (
    call.name === "read_thread"
      ? [...(result.ancestors as Post[]), result.post as Post, ...(result.replies as Post[])]
      : (result.posts as Post[])
  ).filter(Boolean);
  if (!posts.length) return { text: "I found no posts there that you can see.", cite: [] };
  const lines = posts.map(
    (p, i) =>
      `${i + 1}. ${p.author}: ${warned(p)}“${p.text.length > 280 ? `${p.text.slice(0, 279)}…` : p.text}” [${p.id}]`,
  );
  const title =
    call.name === "read_thread" ? "The thread, oldest first:" : `Latest posts by ${String(result.account)}:`;
  return { text: `${title}\n${lines.join("\n")}`, cite: posts.map((p) => p.id) };
}

export async function builtinTurn(run: ToolRun, message: string, emit: Emit): Promise<TurnOutcome> {
  const command = parseCommand(message);
  const base = { transcript: [], model: BUILTIN_ASSISTANT_MODEL };
  if (command) {
    const tool = BUILTIN_TOOLS.find((t) => t.name === command.tool)!;
    const call: StoredToolCall = {
      id: `call_${randomUUID()}`,
      name: tool.name,
      arguments: command.args,
      kind: tool.kind,
      state: "pending",
    };
    await emit({ type: "tool_call", call });
    if (tool.kind === "write") {
      try {
        call.arguments = tool.parse(command.args); // a draft that cannot run is said at once
      } catch (err) {
        const failed: StoredToolCall = { ...call, state: "failed", error: (err as Error).message };
        await emit({ type: "tool_result", call: failed });
        const content = `${INTRO} I understood a command, but it can't run: ${failed.error}`;
        await streamText(emit, content);
        return { ...base, content, citations: [], toolCalls: [failed] };
      }
      const content = `${INTRO} ${describePending(call)}`;
      await streamText(emit, content);
      return { ...base, content, citations: [], toolCalls: [call] };
    }
    const done = await runToolCall(run, tool, call);
    await emit({ type: "tool_result", call: done });
    const answer = readAnswer(done);
    const citations = await citationsFor(run, "", answer.cite);
    const content = `${INTRO}\n\n${answer.text}`;
    await streamText(emit, content);
    if (citations.length) await emit({ type: "citations", citations });
    return { ...base, content, citations, toolCalls: [done] };
  }

  const search = BUILTIN_TOOLS.find((t) => t.name === "search_posts")!;
  const call: StoredToolCall = {
    id: `call_${randomUUID()}`,
    name: search.name,
    arguments: { query: message.slice(0, 500), limit: 5 },
    kind: "read",
    state: "pending",
  };
  await emit({ type: "tool_call", call });
  const done = await runToolCall(run, search, call);
  await emit({ type: "tool_result", call: done });
  const posts = done.state === "done" ? ((done.result as { posts: QuotedPost[] }).posts ?? []) : [];
  if (!posts.length) {
    const content = `${INTRO} I looked through the posts you can see and found nothing that matches “${message.trim().slice(0, 120)}”.`;
    await streamText(emit, content);
    return { ...base, content, citations: [], toolCalls: [done] };
  }
  const lines = posts.map(
    (p, i) => `${i + 1}. ${p.author}: ${warned(p)}“${quote(p.text, message)}” [${p.id}]`,
  );
  const content = `${INTRO} Here is what the posts that best match your question say:\n\n${lines.join("\n")}`;
  await streamText(emit, content);
  const citations = await citationsFor(
    run,
    "",
    posts.map((p) => p.id),
  );
  if (citations.length) await emit({ type: "citations", citations });
  return { ...base, content, citations, toolCalls: [done] };
}

/** What the built-in engine says after a confirmed (or failed) write. */
export function builtinAfterConfirm(call: StoredToolCall): string {
  if (call.state === "failed") return `That didn't work: ${call.error}`;
  const r = (call.result ?? {}) as Record<string, unknown>;
  switch (call.name) {
    case "post_status":
      return `Posted: ${String(r.url)}`;
    case "follow_account":
      return r.locked
        ? `Asked to follow ${String(r.followed)} (they approve followers).`
        : `You now follow ${String(r.followed)}.`;
    case "generate_image":
      return `Started generating the image (generation ${String(r.image_generation_id)}); it will appear in your media when it is ready.`;
    default:
      return `Done: ${JSON.stringify(call.result).slice(0, 500)}`;
  }
}
