// One typed view of the environment contract in DESIGN.md §1. Every variable is read here and
// nowhere else; a bad value stops startup with a message naming the variable.
import path from "node:path";
import { z } from "zod";
import { invalidAllowEntry } from "./ai/apps/address-guard.ts";
import { type AppDefinitionInput, appListSchema } from "./ai/apps/definition.ts";

const MODEL_REF = /^[a-z][a-z0-9-]*:[^\s]+$/;

const bool = (fallback: boolean) =>
  z
    .enum(["1", "0", "true", "false", "on", "off", "yes", "no"], {
      error: "must be one of on/off, true/false, 1/0, yes/no",
    })
    .optional()
    .transform((v) => (v === undefined ? fallback : ["1", "true", "on", "yes"].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const url = (protocols: string[]) =>
  z
    .string()
    .optional()
    .refine(
      (v) => {
        if (v === undefined || v === "") return true;
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}` },
    )
    .transform((v) => (v ? v : undefined));

const modelRef = z
  .string()
  .optional()
  .refine((v) => !v || v.split(",").every((part) => MODEL_REF.test(part.trim())), {
    message: 'must be "provider:model" (e.g. "openai:gpt-4.1-mini"), or several separated by commas',
  })
  .transform((v) => (v ? v.split(",").map((part) => part.trim()) : []));

const envSchema = z.object({
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: url(["http:", "https:"]),
  DATABASE_URL: url(["postgres:", "postgresql:"]),
  REDIS_URL: url(["redis:", "rediss:"]),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ENDPOINT: url(["http:", "https:"]),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool(true),
  S3_PUBLIC_URL: url(["http:", "https:"]),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: url(["http:", "https:"]),
  GOOGLE_GENERATIVE_AI_API_KEY: z.string().optional(),
  AI_TEXT_MODEL: modelRef,
  AI_IMAGE_MODEL: modelRef,
  AI_EMBEDDING_MODEL: modelRef,
  AI_VISION_MODEL: modelRef,
  OPENAI_COMPATIBLE_BASE_URL: url(["http:", "https:"]),
  OPENAI_COMPATIBLE_API_KEY: z.string().optional(),
  AI_TIMEOUT_MS: int(60_000, 100, 3600_000),
  AI_IMAGE_TIMEOUT_MS: int(180_000, 100, 3600_000),
  AI_RETRIES: int(2, 0, 10),
  AI_MODERATION: z
    .enum(["auto", "openai", "blocklist"], { error: "must be auto, openai or blocklist" })
    .default("auto"),
  AI_BLOCKLIST: z.string().optional(),
  AI_IMAGES_PER_DAY: int(50, 0, 1_000_000),
  AI_IMAGE_JOBS_CONCURRENT: int(2, 0, 1000),
  AI_BUILTIN_IMAGE_DELAY_MS: int(0, 0, 600_000),
  AI_ASSISTANT_MESSAGES_PER_HOUR: int(60, 0, 1_000_000),
  AI_ASSISTANT_TOKENS_PER_DAY: int(200_000, 0, 1_000_000_000),
  AI_ASSISTANT_MAX_STEPS: int(6, 1, 20),
  AI_REINDEX_ON_START: bool(true),
  RATE_LIMIT: bool(true),
  RATE_LIMIT_REQUESTS: int(300, 1, 1_000_000),
  TRUST_PROXY: bool(false),
  REGISTRATION_MODE: z
    .enum(["open", "approval", "closed"], { error: "must be open, approval or closed" })
    .default("open"),
  MAX_STATUS_CHARACTERS: int(500, 1, 100_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MEDIA_MAX_BYTES: int(16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  MEDIA_MAX_PIXELS: int(8192 * 8192, 1, 1_000_000_000),
  JOBS_CONCURRENCY: int(4, 1, 256),
  JOBS_POLL_MS: int(1000, 10, 60_000),
  JOBS_VISIBILITY_TIMEOUT_MS: int(5 * 60_000, 100, 24 * 3600_000),
  SHUTDOWN_TIMEOUT_MS: int(15_000, 0, 600_000),
  PGLITE_STATEMENT_CACHE: bool(true),
  AI_APPS: appListSchema.optional(),
  AI_APPS_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        const problem = invalidAllowEntry(entry);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }
    }),
  AI_APPS_ADMIN_STDIO: bool(false),
});

export type Role = "web" | "worker" | "all";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  /** Keep repeated statements prepared on the embedded database (src/db/pglite-statements.ts). */
  pgliteStatementCache: boolean;
  redisUrl: string | undefined;
  s3:
    | {
        bucket: string;
        region: string;
        endpoint: string | undefined;
        accessKeyId: string | undefined;
        secretAccessKey: string | undefined;
        forcePathStyle: boolean;
        publicUrl: string | undefined;
      }
    | undefined;
  ai: {
    openaiApiKey: string | undefined;
    openaiBaseUrl: string | undefined;
    googleApiKey: string | undefined;
    textModels: string[];
    imageModels: string[];
    embeddingModels: string[];
    visionModels: string[];
    /** Base URL of an OpenAI-compatible server for `openai-compatible:*` models. */
    compatibleBaseUrl: string | undefined;
    compatibleApiKey: string | undefined;
    /** Per try of a text, embedding, vision or moderation call; image calls get imageTimeoutMs. */
    timeoutMs: number;
    imageTimeoutMs: number;
    /** Extra tries per model on 429, 5xx, timeouts and malformed answers before the next model. */
    retries: number;
    /** auto: OpenAI's moderation endpoint when OPENAI_API_KEY is set for api.openai.com, else the blocklist. */
    moderation: "auto" | "openai" | "blocklist";
    /** Phrases refused in prompts; undefined = the built-in default list, [] = none. */
    blocklist: string[] | undefined;
  };
  /** Per-person limits on image generation (0: no limit) and the built-in renderer's test delay. */
  aiCreation: { imagesPerDay: number; concurrentJobs: number; builtinImageDelayMs: number };
  /** The assistant: messages per person per hour and tokens per UTC day (0: no limit), model calls per turn. */
  assistant: { messagesPerHour: number; tokensPerDay: number; maxSteps: number; reindexOnStart: boolean };
  rateLimit: boolean;
  /** Requests per token (or IP) per five minutes, Mastodon's default 300. */
  rateLimitRequests: number;
  /** Read the client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  registrationMode: "open" | "approval" | "closed";
  maxStatusCharacters: number;
  logLevel: string;
  media: { maxBytes: number; maxPixels: number };
  jobs: { concurrency: number; pollMs: number; visibilityTimeoutMs: number };
  shutdownTimeoutMs: number;
  /** MCP servers for the assistant (src/ai/apps). */
  aiApps: {
    apps: AppDefinitionInput[];
    /** Host names and CIDR ranges app URLs may reach although they are not public addresses. */
    allowedHosts: string[];
    /** Whether the admin API may register stdio apps (programs run on this server). */
    adminStdio: boolean;
  };
}

/** AI_BLOCKLIST: comma-separated phrases; "none" turns the blocklist off. */
function parseBlocklist(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === "none") return [];
  return value
    .split(",")
    .map((phrase) => phrase.trim())
    .filter(Boolean);
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.S3_BUCKET && !(e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      "Invalid configuration:\n  S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: required when S3_BUCKET is set",
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    databaseUrl: e.DATABASE_URL,
    pgliteStatementCache: e.PGLITE_STATEMENT_CACHE,
    redisUrl: e.REDIS_URL,
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          region: e.S3_REGION,
          endpoint: e.S3_ENDPOINT,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
          publicUrl: e.S3_PUBLIC_URL,
        }
      : undefined,
    ai: {
      openaiApiKey: e.OPENAI_API_KEY,
      openaiBaseUrl: e.OPENAI_BASE_URL,
      googleApiKey: e.GOOGLE_GENERATIVE_AI_API_KEY,
      textModels: e.AI_TEXT_MODEL,
      imageModels: e.AI_IMAGE_MODEL,
      embeddingModels: e.AI_EMBEDDING_MODEL,
      visionModels: e.AI_VISION_MODEL,
      compatibleBaseUrl: e.OPENAI_COMPATIBLE_BASE_URL,
      compatibleApiKey: e.OPENAI_COMPATIBLE_API_KEY,
      timeoutMs: e.AI_TIMEOUT_MS,
      imageTimeoutMs: e.AI_IMAGE_TIMEOUT_MS,
      retries: e.AI_RETRIES,
      moderation: e.AI_MODERATION,
      blocklist: parseBlocklist(e.AI_BLOCKLIST),
    },
    aiCreation: {
      imagesPerDay: e.AI_IMAGES_PER_DAY,
      concurrentJobs: e.AI_IMAGE_JOBS_CONCURRENT,
      builtinImageDelayMs: e.AI_BUILTIN_IMAGE_DELAY_MS,
    },
    assistant: {
      messagesPerHour: e.AI_ASSISTANT_MESSAGES_PER_HOUR,
      tokensPerDay: e.AI_ASSISTANT_TOKENS_PER_DAY,
      maxSteps: e.AI_ASSISTANT_MAX_STEPS,
      reindexOnStart: e.AI_REINDEX_ON_START,
    },
    rateLimit: e.RATE_LIMIT,
    rateLimitRequests: e.RATE_LIMIT_REQUESTS,
    trustProxy: e.TRUST_PROXY,
    registrationMode: e.REGISTRATION_MODE,
    maxStatusCharacters: e.MAX_STATUS_CHARACTERS,
    logLevel: e.LOG_LEVEL,
    media: { maxBytes: e.MEDIA_MAX_BYTES, maxPixels: e.MEDIA_MAX_PIXELS },
    jobs: {
      concurrency: e.JOBS_CONCURRENCY,
      pollMs: e.JOBS_POLL_MS,
      visibilityTimeoutMs: e.JOBS_VISIBILITY_TIMEOUT_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    aiApps: {
      apps: e.AI_APPS ?? [],
      allowedHosts: e.AI_APPS_ALLOWED_HOSTS,
      adminStdio: e.AI_APPS_ADMIN_STDIO,
    },
  };
}
