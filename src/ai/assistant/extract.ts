// Extractive answers for the built-in engine: the sentences of a post that share the most words
// with the question, in their original order.
import { stem, tokenize } from "../builtin/embeddings.ts";
import { queryTerms } from "../retrieval/search.ts";

/** Sentences of `text` ranked by how many of the question's (stemmed) terms they hold. */
export function bestSentences(text: string, question: string, max: number): string[] {
  const wanted = new Set(queryTerms(question).map(stem));
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const scored = sentences.map((sentence, index) => ({
    sentence,
    index,
    hits: new Set(tokenize(sentence).map(stem)).size
      ? [...new Set(tokenize(sentence).map(stem))].filter((w) => wanted.has(w)).length
      : 0,
  }));
  const chosen = scored
    .filter((s) => s.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.index - b.index)
    .slice(0, max)
    .sort((a, b) => a.index - b.index);
  return (chosen.length ? chosen : scored.slice(0, 1)).map((s) => s.sentence);
}
