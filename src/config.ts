// One typed view of the environment contract in DESIGN.md §1. Every variable is read here and
// nowhere else; a bad value stops startup with a message naming the variable.
import path from "node:path";
import { z } from "zod";

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
});

export type Role = "web" | "worker" | "all";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  databaseUrl: string | undefined;
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
  };
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
  };
}
