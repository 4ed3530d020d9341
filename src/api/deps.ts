import type { AiService } from "../ai/types.ts";
import type { Config } from "../config.ts";
import type { MediaStorage } from "../media/storage.ts";
import type { SocialContext } from "../social/context.ts";
import type { SerializeContext } from "./mastodon/serializers/context.ts";

/** What every API route module receives from the composition root. */
export interface ApiDeps {
  config: Config;
  social: SocialContext;
  storage: MediaStorage;
  serialize: SerializeContext;
  /** Every AI feature goes through this (providers, fallback, the built-in engine). */
  ai: AiService;
  /** Starts this process's job worker looking for due jobs now (after an enqueue committed). */
  wakeJobs?: () => void;
}
