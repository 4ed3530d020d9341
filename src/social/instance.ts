// What this server is and what it allows: the facts behind the Mastodon Instance entity.
import type { Config } from "../config.ts";

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
