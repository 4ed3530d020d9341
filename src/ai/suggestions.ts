// Suggested edits to a text, whoever proposed them (harper.js, style rules, a model's rewrite):
// overlapping edits are resolved, hashtags, mentions and links are left alone, and the result is
// the text with every kept edit applied.
import type { TextSuggestion } from "./types.ts";

/** Hashtags, mentions and links are the author's exact words: no edit may touch them. */
function protectedRanges(text: string): TextSuggestion[] {
  const pattern = /https?:\/\/\S+|(?<![\p{L}\p{N}_])[#@][\p{L}\p{N}_]+(?:@[\w.-]+)?/gu;
  return [...text.matchAll(pattern)].map((match) => ({
    offset: match.index,
    length: match[0].length,
    replacement: match[0],
    message: "",
  }));
}

/** Keeps the first of any overlapping edits (callers put the more important ones first), sorted. */
export function nonOverlapping(suggestions: TextSuggestion[]): TextSuggestion[] {
  const kept: TextSuggestion[] = [];
  for (const s of suggestions) {
    const clash = kept.some(
      (k) =>
        (s.offset < k.offset + k.length && k.offset < s.offset + s.length) ||
        (s.offset === k.offset && (s.length === 0 || k.length === 0)),
    );
    if (!clash) kept.push(s);
  }
  return kept.sort((a, b) => a.offset - b.offset);
}

/** Applies non-overlapping suggestions sorted by offset. */
export function applySuggestions(text: string, suggestions: readonly TextSuggestion[]): string {
  let out = "";
  let at = 0;
  for (const s of suggestions) {
    out += text.slice(at, s.offset) + s.replacement;
    at = s.offset + s.length;
  }
  return out + text.slice(at);
}

/** The edits that may be offered, in `text` order, and the text with all of them applied. */
export function settleSuggestions(
  text: string,
  byPriority: TextSuggestion[],
): { text: string; suggestions: TextSuggestion[] } {
  const guarded = protectedRanges(text);
  const suggestions = nonOverlapping([...guarded, ...byPriority]).filter((s) => !guarded.includes(s));
  return { text: applySuggestions(text, suggestions), suggestions };
}
