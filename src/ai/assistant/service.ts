// The assistant as a domain service: a person's message in, the assistant's reply out (streamed
// through `emit` as it is made, stored when done). A language model runs the turn when one is
// configured (llm-engine.ts), the built-in engine otherwise (builtin-engine.ts). Writes proposed
// in a reply wait, stored as pending tool calls, until the person confirms or cancels them.
import { and, eq, sql } from "drizzle-orm";
import { aiMessages } from "../../db/schema.ts";
import { DomainError, notFound } from "../../errors.ts";
import { getAccount } from "../../social/accounts.ts";
import { AiUnavailableError } from "../types.ts";
import { recordAiUsage } from "../usage.ts";
import { toolsFor } from "./app-tools.ts";
import { type AssistantLimits, checkAssistantLimits } from "./budget.ts";
import { builtinAfterConfirm, builtinTurn } from "./builtin-engine.ts";
import {
  addMessage,
  claimToolCall,
  getConversation,
  listMessages,
  type Message,
  settleToolCall,
} from "./conversations.ts";
import { withoutUnseenPosts } from "./history-visibility.ts";
import { historyOf, llmTurn } from "./llm-engine.ts";
import { type AssistantDeps, type AssistantTool, BUILTIN_TOOLS, type ToolRun, type Viewer } from "./tools.ts";
import { type Emit, runToolCall, type TurnOutcome } from "./turn.ts";

export interface AssistantSettings {
  limits: AssistantLimits;
  /** Model calls per turn (each round of tool calls is one). */
  maxSteps: number;
}

export const MAX_MESSAGE_LENGTH = 4000;

/** Whether a language model is configured (else the built-in engine answers). */
export function hasLanguageModel(deps: AssistantDeps): boolean {
  return deps.ai.models().some((m) => m.capabilities.includes("text") && m.provider !== "builtin");
}

/** Whether the built-in engine is in the text model list (the last fallback). */
function hasBuiltinText(deps: AssistantDeps): boolean {
  return deps.ai.models().some((m) => m.capabilities.includes("text") && m.provider === "builtin");
}

/** User messages of history a turn sends the model: older ones drop out (whole turns at a time). */
const HISTORY_TURNS = 20;

/** The messages from the HISTORY_TURNS-th last user message on. */
function recent(messages: Message[]): Message[] {
  let users = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === "user" && ++users === HISTORY_TURNS) return messages.slice(i);
  }
  return messages;
}

export class AssistantService {
  readonly deps: AssistantDeps;
  readonly settings: AssistantSettings;

  constructor(deps: AssistantDeps, settings: AssistantSettings) {
    this.deps = deps;
    this.settings = settings;
  }

  #run(viewer: Viewer): ToolRun {
    return { deps: this.deps, viewer, seen: new Map() };
  }

  async #store(conversationId: bigint, viewer: Viewer, outcome: TurnOutcome): Promise<Message> {
    const { db } = this.deps.social;
    const message = await addMessage(db, {
      conversationId,
      role: "assistant",
      content: outcome.content,
      citations: outcome.citations,
      toolCalls: outcome.toolCalls,
      model: outcome.model,
      transcript: outcome.transcript,
      inputTokens: outcome.usage?.inputTokens ?? 0,
      outputTokens: outcome.usage?.outputTokens ?? 0,
    });
    if (outcome.usage && !outcome.model.startsWith("builtin:")) {
      const [provider = "unknown"] = outcome.model.split(":");
      await recordAiUsage(db, {
        accountId: viewer.accountId,
        capability: "text",
        model: outcome.model,
        provider,
        usage: outcome.usage,
      });
    }
    return message;
  }

  async #turn(viewer: Viewer, messages: Message[], content: string | null, emit: Emit, signal?: AbortSignal) {
    const run = this.#run(viewer);
    if (!hasLanguageModel(this.deps)) {
      if (content === null) throw new DomainError(422, "Nothing to continue");
      return builtinTurn(run, content, emit);
    }
    const account = await getAccount(this.deps.social.db, viewer.accountId);
    const tools = await toolsFor(this.deps, viewer);
    let said = false;
    try {
      return await llmTurn({
        run,
        username: account.username,
        tools,
        history: historyOf(await withoutUnseenPosts(this.deps.social.db, viewer.accountId, recent(messages))),
        maxSteps: this.settings.maxSteps,
        emit: (event) => {
          said = true;
          return emit(event);
        },
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      // Every model failed before saying anything: the built-in engine answers a question, when it
      // is in AI_TEXT_MODEL's list (a continuation after a confirmation has no question to answer).
      if (!(err instanceof AiUnavailableError) || said || content === null || !hasBuiltinText(this.deps))
        throw err;
      return builtinTurn(this.#run(viewer), content, emit);
    }
  }

  /** Stores the person's message, runs the turn and stores the reply. */
  async sendMessage(
    viewer: Viewer,
    conversationId: bigint,
    content: string,
    emit: Emit,
    signal?: AbortSignal,
  ): Promise<Message> {
    const { db } = this.deps.social;
    await getConversation(db, viewer.accountId, conversationId);
    await checkAssistantLimits(db, viewer.accountId, this.settings.limits);
    // A new message answers any proposal still waiting: it was not confirmed.
    for (const message of await listMessages(db, conversationId)) {
      for (const call of message.toolCalls) {
        if (call.state === "pending") await claimToolCall(db, message.id, call.id, "cancelled");
      }
    }
    await addMessage(db, { conversationId, role: "user", content });
    const messages = await listMessages(db, conversationId);
    const outcome = await this.#turn(viewer, messages, content, emit, signal);
    return this.#store(conversationId, viewer, outcome);
  }

  /** The OAuth scope confirming this call needs (the tool's; "write" for apps' tools). */
  async scopeToConfirm(viewer: Viewer, conversationId: bigint, callId: string): Promise<string> {
    const { call } = await this.#findCall(viewer, conversationId, callId);
    return BUILTIN_TOOLS.find((tool) => tool.name === call.name)?.scope ?? "write";
  }

  /** The stored message holding `callId` in this person's conversation. */
  async #findCall(viewer: Viewer, conversationId: bigint, callId: string) {
    const { db } = this.deps.social;
    await getConversation(db, viewer.accountId, conversationId);
    const [message] = await db
      .select()
      .from(aiMessages)
      .where(
        and(
          eq(aiMessages.conversationId, conversationId),
          sql`${aiMessages.toolCalls} @> ${JSON.stringify([{ id: callId }])}::jsonb`,
        ),
      )
      .limit(1);
    const call = message?.toolCalls.find((c) => c.id === callId);
    if (!message || !call) throw notFound("Tool call");
    return { message, call };
  }

  /**
   * Runs a pending write the person confirmed, then lets the assistant go on: a new assistant
   * message (the model's follow-up, or the built-in engine's plain report). While other calls of
   * the same reply still wait, the updated reply itself is returned.
   */
  async confirmToolCall(
    viewer: Viewer,
    conversationId: bigint,
    callId: string,
    emit: Emit,
    signal?: AbortSignal,
  ): Promise<Message> {
    const { db } = this.deps.social;
    const { message, call } = await this.#findCall(viewer, conversationId, callId);
    if (call.state !== "pending" || !(await claimToolCall(db, message.id, callId, "running"))) {
      throw new DomainError(
        422,
        `This action was already ${call.state === "running" ? "started" : call.state}`,
      );
    }
    const run = this.#run(viewer);
    const tools: AssistantTool[] = await toolsFor(this.deps, viewer);
    const done = await runToolCall(
      run,
      tools.find((t) => t.name === call.name),
      call,
    );
    await emit({ type: "tool_result", call: done });
    const updated = await settleToolCall(db, message.id, done);
    if (updated.toolCalls.some((c) => c.state === "pending" || c.state === "running")) return updated;
    if (!message.transcript.length) {
      const content = builtinAfterConfirm(done);
      for (const piece of content.match(/[^\n]*\n*/g) ?? [])
        if (piece) await emit({ type: "text", delta: piece });
      return addMessage(db, {
        conversationId,
        role: "assistant",
        content,
        citations: [],
        toolCalls: [],
        model: message.model,
      });
    }
    const outcome = await this.#turn(viewer, await listMessages(db, conversationId), null, emit, signal);
    return this.#store(conversationId, viewer, outcome);
  }

  /** Cancels a pending write: it never runs. The reply is returned with the call cancelled. */
  async cancelToolCall(viewer: Viewer, conversationId: bigint, callId: string): Promise<Message> {
    const { db } = this.deps.social;
    const { message, call } = await this.#findCall(viewer, conversationId, callId);
    if (call.state !== "pending" || !(await claimToolCall(db, message.id, callId, "cancelled"))) {
      throw new DomainError(422, `This action was already ${call.state}`);
    }
    const [fresh] = await db.select().from(aiMessages).where(eq(aiMessages.id, message.id));
    return fresh!;
  }
}
