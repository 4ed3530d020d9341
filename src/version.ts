import pkg from "../package.json" with { type: "json" };

export const ATELIER_VERSION: string = pkg.version;
/** What Mastodon clients read from the instance: they gate features on the Mastodon version. */
export const MASTODON_COMPAT_VERSION = `4.3.0 (compatible; Atelier ${ATELIER_VERSION})`;
export const SOURCE_URL = "https://github.com/atelier-social/atelier";
