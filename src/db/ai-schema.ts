// Tables of AI creation: image generation requests (each runs as a job of the durable queue) and
// AI usage per person, model and UTC day (requests, tokens, images, estimated cost).
import { sql } from "drizzle-orm";
import {
  bigint,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { accounts } from "./social-schema.ts";

const id = (name = "id") => bigint(name, { mode: "bigint" });

/**
 * One POST /api/v1/ai/images. Its progress and failures live on the queue job (`job_id`); this row
 * keeps what was asked and, once the job completed, the media it made — it outlives pruned jobs.
 */
export const aiImageGenerations = pgTable(
  "ai_image_generations",
  {
    id: id().primaryKey(),
    accountId: id("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The `jobs` row running it. */
    jobId: id("job_id").notNull(),
    prompt: text("prompt").notNull(),
    style: text("style"),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    count: integer("count").notNull(),
    seed: bigint("seed", { mode: "number" }).notNull(),
    /** The model asked for; null: the configured list. */
    requestedModel: text("requested_model"),
    /** The status whose generated image this remixes. */
    remixOfId: id("remix_of_id"),
    /** `succeeded` is written in the job's completing transaction; until then the job's state rules. */
    state: text("state", { enum: ["pending", "succeeded"] })
      .notNull()
      .default("pending"),
    mediaIds: jsonb("media_ids").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /**
     * Media ids an attempt chose before storing files: if the attempt dies before its transaction
     * commits, the next attempt deletes whatever files it left.
     */
    pendingMediaIds: jsonb("pending_media_ids").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    model: text("model"),
    provider: text("provider"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("ai_image_generations_job_idx").on(t.jobId),
    index("ai_image_generations_account_idx").on(t.accountId, t.createdAt),
  ],
);

/** AI use per account, UTC day, capability and model: what the settings page and quotas read. */
export const aiUsage = pgTable(
  "ai_usage",
  {
    accountId: id("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    capability: text("capability").notNull(),
    model: text("model").notNull(),
    provider: text("provider").notNull(),
    requests: integer("requests").notNull().default(0),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    images: integer("images").notNull().default(0),
    costUsd: doublePrecision("cost_usd").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.capability, t.model] })],
);
