// The built-in writing help `builtin:writer`: harper.js (an offline grammar checker compiled to
// WebAssembly) finds grammar and spelling mistakes; the tone's style rules add their own edits.
// Every edit is a suggestion with an offset into the original text, so a client can show a diff.

import { settleSuggestions } from "../suggestions.ts";
import type { TextSuggestion, WritingTone } from "../types.ts";
import { styleSuggestions } from "./style-rules.ts";

interface HarperLinter {
  lint(text: string, options?: { language?: "plaintext" | "markdown" }): Promise<HarperLint[]>;
}
interface HarperLint {
  lint_kind(): string;
  span(): { start: number; end: number };
  message(): string;
  suggestions(): Array<{ get_replacement_text(): string; kind(): number }>;
}

const SUGGESTION_REMOVE = 1;
const SUGGESTION_INSERT_AFTER = 2;

interface Linters {
  american: HarperLinter;
  british: HarperLinter;
}

let linters: Promise<Linters> | null = null;

/**
 * Loads harper's WebAssembly once (about two seconds) and shares the linters: one American, one
 * British, which share the module (a second one costs little memory and saves switching dialects,
 * which takes longer than a lint).
 */
function harper(): Promise<Linters> {
  linters ??= (async () => {
    const [{ Dialect, LocalLinter }, { binary }] = await Promise.all([
      import("harper.js"),
      import("harper.js/binary"),
    ]);
    const american = new LocalLinter({ binary, dialect: Dialect.American });
    const british = new LocalLinter({ binary, dialect: Dialect.British });
    await Promise.all([american.setup(), british.setup()]);
    return { american, british } as unknown as Linters;
  })();
  linters.catch(() => {
    linters = null;
  });
  return linters;
}

/**
 * Lints in American English, keeping a spelling mistake only when British English agrees: people
 * here write "harbour" and "color" alike, and neither is a mistake.
 */
async function lintAnyDialect(text: string): Promise<HarperLint[]> {
  const { american, british } = await harper();
  const found = await american.lint(text, { language: "plaintext" });
  if (!found.some((lint) => lint.lint_kind() === "Spelling")) return found;
  const britishSpelling = new Set(
    (await british.lint(text, { language: "plaintext" }))
      .filter((lint) => lint.lint_kind() === "Spelling")
      .map((lint) => spanKey(lint)),
  );
  return found.filter((lint) => lint.lint_kind() !== "Spelling" || britishSpelling.has(spanKey(lint)));
}

function spanKey(lint: HarperLint): string {
  const { start, end } = lint.span();
  return `${start}:${end}`;
}

export async function grammarSuggestions(text: string): Promise<TextSuggestion[]> {
  const lints = await lintAnyDialect(text);
  const found: TextSuggestion[] = [];
  for (const lint of lints) {
    const first = lint.suggestions()[0];
    if (!first) continue; // a remark without a fix cannot be accepted or rejected
    const { start, end } = lint.span();
    const replacement = first.get_replacement_text();
    const message = lint
      .message()
      .replace(/`/g, "“")
      .replace(/“(\S+?)“/g, "“$1”");
    if (first.kind() === SUGGESTION_INSERT_AFTER) {
      found.push({ offset: end, length: 0, replacement, message });
    } else {
      found.push({
        offset: start,
        length: end - start,
        replacement: first.kind() === SUGGESTION_REMOVE ? "" : replacement,
        message,
      });
    }
  }
  return found;
}

/** Grammar first, then the tone's rules where they do not touch a grammar fix. */
export async function improveBuiltin(
  text: string,
  tone: WritingTone | undefined,
): Promise<{ text: string; suggestions: TextSuggestion[] }> {
  const grammar = await grammarSuggestions(text);
  const style = tone ? styleSuggestions(text, tone) : [];
  return settleSuggestions(text, [...grammar, ...style]);
}
