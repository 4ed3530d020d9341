// The built-in embedding model `builtin:hashed-tfidf`: hashed TF-IDF vectors of a fixed dimension
// (BUILTIN_EMBEDDING_DIMENSIONS = 512), so semantic search works offline and vectors made on
// different days stay comparable. Features are words (lower-cased, accents folded, a light English
// stemmer) and, with a smaller weight, their character trigrams (so "painting" and "paintings" or a
// typo still land close). Term frequency is log-scaled; the IDF is a fixed prior instead of corpus
// statistics (which would shift every stored vector as the instance grows): common English words
// weigh little, every other word fully. Each feature is hashed (FNV-1a) to an index with a hashed
// sign, and the vector is L2-normalised, so cosine similarity is a dot product.

import { hashString } from "./random.ts";

export const BUILTIN_EMBEDDING_DIMENSIONS = 512;

const TRIGRAM_WEIGHT = 0.6;
const COMMON_WORD_IDF = 0.15;

const COMMON_WORDS = new Set(
  (
    "a about above after again all also am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each even ever every few for from further get got " +
    "had has have having he her here hers herself him himself his how i if in into is it its itself just " +
    "let like made make many me more most much my myself no nor not now of off on once one only or other " +
    "our ours ourselves out over own really same say said she should so some such than that the their theirs " +
    "them themselves then there these they this those through to too under until up us very was we were " +
    "what when where which while who whom why will with would yet you your yours yourself yourselves " +
    "im ive id youre dont cant wont isnt arent wasnt didnt doesnt thats theres"
  ).split(" "),
);

/** Lower-case, fold accents, keep letters and digits; apostrophes vanish so "don't" → "dont". */
export function tokenize(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** A light English stemmer: plural and common verb endings, so "cats"/"cat", "painted"/"paint" meet. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  for (const [suffix, keep] of [
    ["ies", "y"],
    ["sses", "ss"],
    ["ing", ""],
    ["edly", ""],
    ["ed", ""],
    ["ly", ""],
    ["es", ""],
    ["s", ""],
  ] as const) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3 && !word.endsWith("ss")) {
      return word.slice(0, -suffix.length) + keep;
    }
  }
  return word;
}

function addFeature(vector: Float64Array, feature: string, weight: number): void {
  const hash = hashString(feature); // FNV-1a
  const index = hash % BUILTIN_EMBEDDING_DIMENSIONS;
  const sign = (hash >>> 31) & 1 ? -1 : 1;
  vector[index]! += sign * weight;
}

export function embedBuiltin(text: string): number[] {
  const counts = new Map<string, number>();
  for (const word of tokenize(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const vector = new Float64Array(BUILTIN_EMBEDDING_DIMENSIONS);
  for (const [word, count] of counts) {
    const weight = (1 + Math.log(count)) * (COMMON_WORDS.has(word) ? COMMON_WORD_IDF : 1);
    const root = stem(word);
    addFeature(vector, `w:${root}`, weight);
    const padded = `^${root}$`;
    const trigrams = padded.length - 2;
    for (let i = 0; i < trigrams; i++) {
      addFeature(vector, `t:${padded.slice(i, i + 3)}`, (weight * TRIGRAM_WEIGHT) / Math.sqrt(trigrams));
    }
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return Array.from(vector, (value) => (norm > 0 ? value / norm : 0));
}

/** Cosine similarity of two vectors (a dot product for the normalised built-in ones). */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
