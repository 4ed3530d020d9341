// What domain services need: the database, the event bus and a few settings. Built once by the
// composition root; no HTTP in here.
import type { DataChanges } from "../db/changes.ts";
import type { Database } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { SocialEvents } from "./events.ts";

export interface SocialSettings {
  publicUrl: string;
  registrationMode: "open" | "approval" | "closed";
  maxStatusCharacters: number;
  maxMediaAttachments: number;
}

export interface SocialContext {
  db: Database;
  events: SocialEvents;
  /** Row changes the database announces, for in-memory caches. */
  changes: DataChanges;
  settings: SocialSettings;
  logger: Logger;
}
