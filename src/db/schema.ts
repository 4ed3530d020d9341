// The one pg-core schema, shared by PGlite and node-postgres. Migrations are generated from it with
// `npm run db:generate` and committed under drizzle/.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** Durable job queue (src/jobs). `state` moves queued → running → succeeded | queued (retry) | dead. */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    type: text("type").notNull(),
    payload: jsonb("payload").$type<unknown>().notNull().default(sql`'{}'::jsonb`),
    state: text("state", { enum: ["queued", "running", "succeeded", "dead"] })
      .notNull()
      .default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(8),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text("locked_by"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    progress: real("progress").notNull().default(0),
    lastError: text("last_error"),
    result: jsonb("result").$type<unknown>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("jobs_claimable_idx").on(t.runAt, t.id).where(sql`${t.state} = 'queued'`),
    index("jobs_running_idx").on(t.lockedUntil).where(sql`${t.state} = 'running'`),
    index("jobs_type_state_idx").on(t.type, t.state),
  ],
);

/** Processed uploads and generated images; files live in the media store (src/media/storage). */
export const mediaAttachments = pgTable(
  "media_attachments",
  {
    id: bigint("id", { mode: "bigint" }).primaryKey(),
    accountId: bigint("account_id", { mode: "bigint" }),
    statusId: bigint("status_id", { mode: "bigint" }),
    type: text("type", { enum: ["image", "gifv", "video", "audio", "unknown"] })
      .notNull()
      .default("image"),
    fileKey: text("file_key").notNull(),
    contentType: text("content_type").notNull(),
    fileSize: integer("file_size").notNull(),
    thumbnailKey: text("thumbnail_key"),
    description: text("description"),
    blurhash: text("blurhash"),
    meta: jsonb("meta").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("media_attachments_account_idx").on(t.accountId),
    index("media_attachments_status_idx").on(t.statusId),
  ],
);

export * from "./ai-schema.ts";
export * from "./apps-schema.ts";
export * from "./assistant-schema.ts";
export * from "./social-schema.ts";
