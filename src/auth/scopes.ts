// Mastodon's OAuth scopes: top-level scopes (read, write, follow, push, admin:read, admin:write,
// profile) and their granular forms (read:statuses, admin:write:accounts, …).
const TOP_LEVEL = ["read", "write", "follow", "push", "profile", "admin:read", "admin:write"] as const;

const GRANULAR: Record<string, readonly string[]> = {
  read: [
    "accounts",
    "blocks",
    "bookmarks",
    "favourites",
    "filters",
    "follows",
    "lists",
    "mutes",
    "notifications",
    "search",
    "statuses",
  ],
  write: [
    "accounts",
    "blocks",
    "bookmarks",
    "conversations",
    "favourites",
    "filters",
    "follows",
    "lists",
    "media",
    "mutes",
    "notifications",
    "reports",
    "statuses",
  ],
  "admin:read": ["accounts", "reports", "domain_allows", "domain_blocks", "ip_blocks", "email_domain_blocks"],
  "admin:write": [
    "accounts",
    "reports",
    "domain_allows",
    "domain_blocks",
    "ip_blocks",
    "email_domain_blocks",
  ],
};

/** The legacy `follow` scope grants these granular scopes. */
const FOLLOW_GRANTS = [
  "read:blocks",
  "write:blocks",
  "read:follows",
  "write:follows",
  "read:mutes",
  "write:mutes",
];

export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  ...TOP_LEVEL,
  ...Object.entries(GRANULAR).flatMap(([parent, children]) => children.map((child) => `${parent}:${child}`)),
]);

export function parseScopes(value: string | undefined | null, fallback = "read"): string[] {
  const scopes = (value ?? "").split(/[\s+]+/).filter(Boolean);
  return [...new Set(scopes.length ? scopes : [fallback])];
}

export function unknownScopes(scopes: string[]): string[] {
  return scopes.filter((scope) => !KNOWN_SCOPES.has(scope));
}

/** Whether `granted` covers `required` (e.g. "read" covers "read:statuses"). */
export function scopeAllows(granted: readonly string[], required: string): boolean {
  if (granted.includes(required)) return true;
  if (required === "profile" && granted.some((s) => s === "read" || s === "read:accounts")) return true;
  const parent = required.slice(0, required.lastIndexOf(":"));
  if (parent && granted.includes(parent)) return true;
  return granted.includes("follow") && FOLLOW_GRANTS.includes(required);
}

/** Requested scopes must be a subset of what the app registered for. */
export function scopesWithin(requested: string[], allowed: string[]): boolean {
  return requested.every((scope) => scopeAllows(allowed, scope));
}
