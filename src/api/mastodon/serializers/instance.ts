// The Mastodon Instance entity (v2) and its v1 predecessor, which older clients still read.
import type { InstanceInfo } from "../../../social/instance.ts";
import { MASTODON_COMPAT_VERSION, SOURCE_URL } from "../../../version.ts";

export function serializeInstanceV2(info: InstanceInfo) {
  const { limits } = info;
  return {
    domain: info.domain,
    title: info.title,
    version: MASTODON_COMPAT_VERSION,
    source_url: SOURCE_URL,
    description: info.description,
    usage: { users: { active_month: info.activeUsersMonth } },
    thumbnail: { url: `${info.url}/favicon.svg`, blurhash: null, versions: {} },
    icon: [],
    languages: info.languages,
    configuration: {
      urls: { streaming: info.streamingUrl, status: null, about: `${info.url}/about` },
      vapid: { public_key: "" },
      accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
      statuses: {
        max_characters: limits.maxStatusCharacters,
        max_media_attachments: limits.maxMediaAttachments,
        characters_reserved_per_url: limits.charactersReservedPerUrl,
      },
      media_attachments: {
        supported_mime_types: limits.supportedMimeTypes,
        description_limit: 1500,
        image_size_limit: limits.imageSizeLimit,
        image_matrix_limit: limits.imageMatrixLimit,
        video_size_limit: 0,
        video_frame_rate_limit: 0,
        video_matrix_limit: 0,
      },
      polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
      translation: { enabled: false },
    },
    registrations: {
      enabled: info.registrationsOpen,
      approval_required: info.approvalRequired,
      message: null,
      url: null,
    },
    api_versions: { mastodon: 2 },
    contact: { email: "", account: null },
    rules: [],
  };
}

export function serializeInstanceV1(info: InstanceInfo) {
  const v2 = serializeInstanceV2(info);
  return {
    uri: info.domain,
    title: info.title,
    short_description: info.description,
    description: info.description,
    email: "",
    version: v2.version,
    urls: { streaming_api: info.streamingUrl },
    stats: { user_count: 0, status_count: 0, domain_count: 1 },
    thumbnail: v2.thumbnail.url,
    languages: info.languages,
    registrations: info.registrationsOpen,
    approval_required: info.approvalRequired,
    invites_enabled: false,
    configuration: v2.configuration,
    contact_account: null,
    rules: [],
  };
}
