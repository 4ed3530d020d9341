// What this server is and what it allows: the facts behind the Mastodon Instance entity.
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Executor } from "../db/client.ts";
import { accounts, users } from "../db/social-schema.ts";
import type { Account } from "./accounts.ts";

// Uploads are sniffed by content and re-encoded (src/media); these are the formats accepted.
const SUPPORTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"] as const;

export interface InstanceInfo {
  domain: string;
  title: string;
  description: string;
  url: string;
  streamingUrl: string;
  languages: string[];
  registrationsOpen: boolean;
  approvalRequired: boolean;
  activeUsersMonth: number;
  limits: {
    maxStatusCharacters: number;
    maxMediaAttachments: number;
    charactersReservedPerUrl: number;
    imageSizeLimit: number;
    imageMatrixLimit: number;
    supportedMimeTypes: readonly string[];
  };
}

export function describeInstance(config: Config): InstanceInfo {
  const url = new URL(config.publicUrl);
  return {
    domain: url.host,
    title: "Atelier",
    description: "A social network where people share what they make, with AI in every step.",
    url: config.publicUrl,
    streamingUrl: `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}`,
    languages: ["en"],
    registrationsOpen: config.registrationMode !== "closed",
    approvalRequired: config.registrationMode === "approval",
    activeUsersMonth: 0,
    limits: {
      maxStatusCharacters: config.maxStatusCharacters,
      maxMediaAttachments: 4,
      charactersReservedPerUrl: 23,
      imageSizeLimit: config.media.maxBytes,
      imageMatrixLimit: config.media.maxPixels,
      supportedMimeTypes: SUPPORTED_IMAGE_TYPES,
    },
  };
}

/**
 * The administrator's account, which the instance document names as its contact (as Mastodon
 * does); null while nobody has claimed the server, so clients can invite the first sign-up.
 */
export async function findAdminAccount(db: Executor): Promise<Account | null> {
  const [row] = await db
    .select({ account: accounts })
    .from(users)
    .innerJoin(accounts, eq(users.accountId, accounts.id))
    .where(and(eq(users.role, "admin"), isNull(accounts.suspendedAt)))
    .orderBy(asc(users.id))
    .limit(1);
  return row?.account ?? null;
}
