// Tables of the assistant: conversations and their messages (per person), and the embeddings of
// statuses that retrieval scores (src/ai/retrieval). Vectors are stored as real[] so the same schema
// runs on PostgreSQL without pgvector; where the `vector` extension exists, queries cast them.
import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, real, text, timestamp } from "drizzle-orm/pg-core";
import { accounts, statuses } from "./social-schema.ts";

const id = (name = "id") => bigint(name, { mode: "bigint" });
const ts = (name: string) => timestamp(name, { withTimezone: true });

export const aiConversations = pgTable(
  "ai_conversations",
  {
    id: id().primaryKey(),
    accountId: id("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    title: text("title").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("ai_conversations_account_idx").on(t.accountId, t.updatedAt)],
);

/** A stored tool call: what the model asked, and (once run, confirmed or cancelled) what came of it. */
export interface StoredToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** read: ran directly; write: needs the person's confirmation. */
  kind: "read" | "write";
  state: "pending" | "running" | "done" | "failed" | "cancelled";
  /** What the tool returned (JSON), shown to the person and given to the model. */
  result?: unknown;
  error?: string;
}

export interface StoredCitation {
  status_id: string;
  url: string;
}

export const aiMessages = pgTable(
  "ai_messages",
  {
    id: id().primaryKey(),
    conversationId: id("conversation_id")
      .notNull()
      .references(() => aiConversations.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["user", "assistant"] }).notNull(),
    content: text("content").notNull().default(""),
    citations: jsonb("citations").$type<StoredCitation[]>().notNull().default(sql`'[]'::jsonb`),
    toolCalls: jsonb("tool_calls").$type<StoredToolCall[]>().notNull().default(sql`'[]'::jsonb`),
    /** `provider:model` that wrote an assistant message (`builtin:assistant` for the built-in engine). */
    model: text("model"),
    /**
     * The model-facing transcript of this assistant turn (assistant and tool messages as the
     * provider layer keeps them), so a later turn or a confirmation continues where it stopped.
     */
    transcript: jsonb("transcript").$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("ai_messages_conversation_idx").on(t.conversationId, t.id)],
);

/** One embedding per status and model; re-embedded when the text changes or the model does. */
export const aiStatusEmbeddings = pgTable(
  "ai_status_embeddings",
  {
    statusId: id("status_id")
      .primaryKey()
      .references(() => statuses.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    dimensions: integer("dimensions").notNull(),
    embedding: real("embedding").array().notNull(),
    /** SHA-256 of the embedded text, so an edit that changes nothing embeds nothing. */
    textHash: text("text_hash").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("ai_status_embeddings_model_idx").on(t.model)],
);
