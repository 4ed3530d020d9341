// What one assistant turn produces, whichever engine runs it, and how its citations are chosen.
import { and, inArray } from "drizzle-orm";
import type { StoredCitation, StoredToolCall } from "../../db/schema.ts";
import { statuses } from "../../db/schema.ts";
import { DomainError } from "../../errors.ts";
import { entryVisibleTo } from "../../social/visibility.ts";
import { AiUnavailableError, type AiUsage } from "../types.ts";
import type { AssistantTool, ToolRun } from "./tools.ts";

export type TurnEvent =
  | { type: "text"; delta: string }
  | { type: "tool_call"; call: StoredToolCall }
  | { type: "tool_result"; call: StoredToolCall }
  | { type: "citations"; citations: StoredCitation[] };

export type Emit = (event: TurnEvent) => Promise<void> | void;

export interface TurnOutcome {
  content: string;
  citations: StoredCitation[];
  toolCalls: StoredToolCall[];
  transcript: unknown[];
  model: string;
  usage?: AiUsage | undefined;
}

/** The model id the built-in assistant signs its messages with. */
export const BUILTIN_ASSISTANT_MODEL = "builtin:assistant";

/**
 * Citations for an answer: the posts tools showed in this turn that the answer names (by id or
 * URL), or all of `always` (the built-in engine's quotes). Each is checked again against the
 * viewer's visibility, so a citation can never point at a post they may not see.
 */
export async function citationsFor(
  run: ToolRun,
  text: string,
  always: string[] = [],
): Promise<StoredCitation[]> {
  const wanted: string[] = [...always];
  for (const [id, digest] of run.seen) {
    if (wanted.includes(id)) continue;
    if (new RegExp(`(^|\\D)${id}(\\D|$)`).test(text) || text.includes(digest.url)) wanted.push(id);
  }
  if (!wanted.length) return [];
  const visible = await run.deps.social.db
    .select({ id: statuses.id })
    .from(statuses)
    .where(and(inArray(statuses.id, wanted.map(BigInt)), entryVisibleTo(run.viewer.accountId)));
  const ok = new Set(visible.map((row) => String(row.id)));
  return wanted
    .filter((id) => ok.has(id) && run.seen.has(id))
    .map((id) => ({ status_id: id, url: run.seen.get(id)!.url }));
}

/** Runs a read tool (or a confirmed write) and records the outcome on its stored call. */
export async function runToolCall(
  run: ToolRun,
  tool: AssistantTool | undefined,
  call: StoredToolCall,
): Promise<StoredToolCall> {
  if (!tool) return { ...call, state: "failed", error: `There is no tool named ${call.name}` };
  try {
    const args = tool.parse(call.arguments);
    const result = await tool.run(run, args);
    return { ...call, arguments: args, state: "done", result };
  } catch (err) {
    return { ...call, state: "failed", error: toolErrorText(run, err) };
  }
}

/**
 * What a failed tool call says, to the person and the model: the reason of errors meant for people
 * (validation, not found, an app or model unavailable), never a database's or a library's words.
 */
export function toolErrorText(run: ToolRun, err: unknown): string {
  if (err instanceof DomainError || err instanceof AiUnavailableError)
    return err.message || "the tool failed";
  run.deps.social.logger.error({ err }, "an assistant tool failed");
  return "the tool failed";
}
