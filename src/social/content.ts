// Plain text → safe HTML, as Mastodon renders statuses and bios: links, #hashtags and @mentions
// become anchors, everything else is escaped, blank lines make paragraphs and newlines <br />.
// The same tokenizer extracts mentions and hashtags and counts characters like Mastodon does.

const URL_RE = /https?:\/\/[^\s<>"'`]+/iu;
const MENTION_RE = /@([a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)(?:@([a-z0-9-]+(?:\.[a-z0-9-]+)+))?/iu;
const HASHTAG_RE = /#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/u;
const TOKEN_RE = new RegExp(`(${URL_RE.source})|(${MENTION_RE.source})|(${HASHTAG_RE.source})`, "giu");
/** A mention or hashtag must not be glued to a word before it (e.g. an email address). */
const WORD_BEFORE = /[\p{L}\p{N}_/@#&.]$/u;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]]/u;
export const URL_CHARACTER_COST = 23;

export type Token =
  | { kind: "text"; text: string }
  | { kind: "url"; text: string }
  | { kind: "mention"; text: string; username: string; domain: string | null }
  | { kind: "hashtag"; text: string; name: string };

/** Drops trailing punctuation, but keeps a ")" that closes a "(" inside the URL (Wikipedia links). */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING_PUNCTUATION.test(url[end - 1]!)) {
    const kept = url.slice(0, end - 1);
    const opens = kept.split("(").length - 1;
    const closes = kept.split(")").length - 1;
    if (url[end - 1] === ")" && opens > closes) break;
    end--;
  }
  return url.slice(0, end);
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  const pushText = (text: string) => {
    if (!text) return;
    const prev = tokens.at(-1);
    if (prev?.kind === "text") prev.text += text;
    else tokens.push({ kind: "text", text });
  };
  for (const match of input.matchAll(TOKEN_RE)) {
    const start = match.index;
    let text = match[0];
    const [, url, , username, domain, , tag] = match;
    if (!url && WORD_BEFORE.test(input.slice(0, start))) continue;
    if (url) {
      text = trimUrl(text);
      if (!/^https?:\/\/[^/?#]+\.[^/?#]/i.test(text) && !/^https?:\/\/localhost/i.test(text)) continue;
    }
    pushText(input.slice(last, start));
    if (url) tokens.push({ kind: "url", text });
    else if (username) tokens.push({ kind: "mention", text, username, domain: domain ?? null });
    else if (tag) tokens.push({ kind: "hashtag", text, name: tag });
    last = start + text.length;
  }
  pushText(input.slice(last));
  return tokens;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Mastodon's link markup: scheme hidden, long URLs shortened to 30 visible characters. */
function renderUrl(url: string): string {
  const scheme = /^https?:\/\/(www\.)?/i.exec(url)![0];
  const rest = url.slice(scheme.length);
  // By code point, so shortening never splits an emoji.
  const chars = [...rest];
  const visible = chars.slice(0, 30).join("");
  const hidden = chars.slice(30).join("");
  return (
    `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener noreferrer" translate="no">` +
    `<span class="invisible">${escapeHtml(scheme)}</span>` +
    `<span class="${hidden ? "ellipsis" : ""}">${escapeHtml(visible)}</span>` +
    `<span class="invisible">${escapeHtml(hidden)}</span></a>`
  );
}

export interface RenderOptions {
  publicUrl: string;
  /** Local usernames (lower-cased) that exist, mapped to their canonical spelling. */
  mentionable: ReadonlyMap<string, string>;
}

function renderToken(token: Token, options: RenderOptions): string {
  switch (token.kind) {
    case "text":
      return escapeHtml(token.text);
    case "url":
      return renderUrl(token.text);
    case "hashtag": {
      const href = `${options.publicUrl}/tags/${encodeURIComponent(token.name.toLowerCase())}`;
      return `<a href="${escapeHtml(href)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(token.name)}</span></a>`;
    }
    case "mention": {
      const username = token.domain ? undefined : options.mentionable.get(token.username.toLowerCase());
      if (!username) return escapeHtml(token.text);
      const href = `${options.publicUrl}/@${username}`;
      return `<span class="h-card" translate="no"><a href="${escapeHtml(href)}" class="u-url mention">@<span>${escapeHtml(username)}</span></a></span>`;
    }
  }
}

/** Renders plain text to the HTML Mastodon clients expect in `content` and `note`. */
export function renderHtml(text: string, options: RenderOptions): string {
  const normalized = text.replace(/\r\n?/g, "\n").trim();
  if (!normalized) return "";
  return normalized
    .split(/\n{2,}/)
    .map((paragraph) => {
      const html = tokenize(paragraph)
        .map((token) => renderToken(token, options))
        .join("");
      return `<p>${html.replaceAll("\n", "<br />")}</p>`;
    })
    .join("");
}

export function extractMentions(text: string): string[] {
  const names = tokenize(text).flatMap((t) =>
    t.kind === "mention" && !t.domain ? [t.username.toLowerCase()] : [],
  );
  return [...new Set(names)];
}

export function extractHashtags(text: string): string[] {
  const seen = new Map<string, string>();
  for (const token of tokenize(text)) {
    if (token.kind === "hashtag" && !seen.has(token.name.toLowerCase()))
      seen.set(token.name.toLowerCase(), token.name);
  }
  return [...seen.values()];
}

/** Characters as Mastodon counts them: every URL costs 23, a remote mention only its username. */
export function countCharacters(text: string): number {
  let total = 0;
  for (const token of tokenize(text)) {
    if (token.kind === "url") total += URL_CHARACTER_COST;
    else if (token.kind === "mention") total += [...`@${token.username}`].length;
    else total += [...token.text].length;
  }
  return total;
}
