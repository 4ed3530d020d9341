// Storage keys become file paths and URL paths, so they are held to a narrow alphabet: slash-separated
// segments of letters, digits, `_`, `-` and `.`, where no segment starts with a dot. That rules out
// `..`, hidden files, absolute paths, backslashes and anything that would need URL-encoding.
const SEGMENT = "[A-Za-z0-9_-][A-Za-z0-9._-]*";
const KEY = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`);
const MAX_KEY_LENGTH = 512;

export function isValidMediaKey(key: string): boolean {
  return key.length <= MAX_KEY_LENGTH && KEY.test(key);
}

export function assertValidMediaKey(key: string): void {
  if (!isValidMediaKey(key)) throw new Error(`Invalid media storage key: ${JSON.stringify(key)}`);
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  webp: "image/webp",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  avif: "image/avif",
};

/** The content type a key's extension names, or undefined for extensions the store does not serve. */
export function contentTypeForKey(key: string): string | undefined {
  const dot = key.lastIndexOf(".");
  return dot > key.lastIndexOf("/") ? TYPES_BY_EXTENSION[key.slice(dot + 1).toLowerCase()] : undefined;
}
