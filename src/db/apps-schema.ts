// Apps for the assistant: MCP servers the admin registered through the admin API (those from the
// AI_APPS configuration live in memory), and which people enabled which apps. An app's name is its
// id and the namespace of its tools (`name__tool`), so enablements name apps from either source.
import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { accounts, users } from "./social-schema.ts";

export const aiApps = pgTable("ai_apps", {
  name: text("name").primaryKey(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  /** Streamable HTTP endpoint; exactly one of url and command is set. */
  url: text("url"),
  headers: jsonb("headers").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  /** A stdio server: the program and its arguments. */
  command: text("command"),
  args: jsonb("args").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  env: jsonb("env").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  createdByAccountId: bigint("created_by_account_id", { mode: "bigint" }).references(() => accounts.id, {
    onDelete: "set null",
  }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const aiAppEnablements = pgTable(
  "ai_app_enablements",
  {
    userId: bigint("user_id", { mode: "bigint" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    appName: text("app_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.appName] }), index("ai_app_enablements_app_idx").on(t.appName)],
);
