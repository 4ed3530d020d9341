// Turns a rewrite into suggestions: a word-level diff (longest common subsequence over words,
// spaces and punctuation) between the original and the rewritten text, one suggestion per changed
// stretch, with offsets into the original.
import type { TextSuggestion } from "./types.ts";

function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}'’_-]+|\s+|[^\p{L}\p{N}\s]/gu) ?? [];
}

/** Longest texts diffed token by token; beyond it the whole text is one suggestion. */
const MAX_TOKENS = 3000;

export function diffSuggestions(original: string, rewritten: string, message: string): TextSuggestion[] {
  if (original === rewritten) return [];
  const a = tokens(original);
  const b = tokens(rewritten);
  if (a.length * b.length > MAX_TOKENS * MAX_TOKENS || a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
    return [{ offset: 0, length: original.length, replacement: rewritten, message }];
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lcs = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const suggestions: TextSuggestion[] = [];
  let i = 0;
  let j = 0;
  let offset = 0;
  let pending: { offset: number; removed: string; added: string } | null = null;
  const flush = () => {
    if (pending) {
      suggestions.push({
        offset: pending.offset,
        length: pending.removed.length,
        replacement: pending.added,
        message,
      });
    }
    pending = null;
  };
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      offset += a[i]!.length;
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i * width + j + 1]! >= lcs[(i + 1) * width + j]!)) {
      pending ??= { offset, removed: "", added: "" };
      pending.added += b[j]!;
      j++;
    } else {
      pending ??= { offset, removed: "", added: "" };
      pending.removed += a[i]!;
      offset += a[i]!.length;
      i++;
    }
  }
  flush();
  return suggestions;
}
