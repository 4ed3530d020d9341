import { describe, expect, it } from "vitest";
import { BUILTIN_EMBEDDING_DIMENSIONS, cosineSimilarity, embedBuiltin } from "./embeddings.ts";

describe("built-in embeddings (hashed TF-IDF)", () => {
  it("has a fixed dimension, unit length, and is the same for the same text", () => {
    const vector = embedBuiltin("Watercolour painting of a harbour at dawn");
    expect(vector).toHaveLength(BUILTIN_EMBEDDING_DIMENSIONS);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
    expect(embedBuiltin("Watercolour painting of a harbour at dawn")).toEqual(vector);
    expect(embedBuiltin("")).toEqual(new Array(BUILTIN_EMBEDDING_DIMENSIONS).fill(0));
  });

  it("puts similar texts closer than unrelated ones", () => {
    const query = embedBuiltin("paintings of boats in the harbour");
    const similar = embedBuiltin("I painted the boat moored in our harbour this morning");
    const unrelated = embedBuiltin("Quarterly tax filing deadline for small businesses");
    const nearSimilar = cosineSimilarity(query, similar);
    expect(nearSimilar).toBeGreaterThan(0.3);
    expect(nearSimilar).toBeGreaterThan(cosineSimilarity(query, unrelated) + 0.25);
  });

  it("lets common words weigh little and forgives a typo or another spelling", () => {
    const base = embedBuiltin("lighthouse");
    expect(cosineSimilarity(base, embedBuiltin("the lighthouse"))).toBeGreaterThan(0.95);
    const sentence = embedBuiltin("the old lighthouse at the harbour");
    const typo = cosineSimilarity(sentence, embedBuiltin("an old lighthuose by the harbor"));
    const other = cosineSimilarity(sentence, embedBuiltin("a mountain trail in the forest"));
    expect(typo).toBeGreaterThan(other + 0.25);
  });
});
