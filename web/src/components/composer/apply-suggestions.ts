// Applying writing suggestions ({offset, length, replacement} into the text they were made for).
import type { Suggestion } from "../../api/ai.ts";

/** The text with the chosen suggestions applied; overlapping ones after the first are skipped. */
export function applySuggestions(text: string, chosen: Suggestion[]): string {
  const sorted = [...chosen].sort((a, b) => a.offset - b.offset);
  let out = "";
  let at = 0;
  for (const s of sorted) {
    if (s.offset < at) continue;
    out += text.slice(at, s.offset) + s.replacement;
    at = s.offset + s.length;
  }
  return out + text.slice(at);
}

/** A few words of context on each side of a suggestion, for the diff view. */
export function contextOf(text: string, s: Suggestion, span = 24): { before: string; after: string } {
  const start = Math.max(0, s.offset - span);
  const end = Math.min(text.length, s.offset + s.length + span);
  return {
    before: (start > 0 ? "…" : "") + text.slice(start, s.offset),
    after: text.slice(s.offset + s.length, end) + (end < text.length ? "…" : ""),
  };
}
