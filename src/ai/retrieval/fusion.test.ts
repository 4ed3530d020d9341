import { describe, expect, it } from "vitest";
import { boostedScore, RRF_K, reciprocalRankFusion } from "./fusion.ts";

describe("reciprocal rank fusion", () => {
  it("adds 1/(k + rank) per list, so agreement wins over one high rank", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["b", "d"],
    ]);
    expect(fused.get("a")).toBeCloseTo(1 / (RRF_K + 1));
    expect(fused.get("b")).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1));
    const order = [...fused.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id);
    expect(order).toEqual(["b", "a", "d", "c"]);
  });

  it("weighs a list", () => {
    const fused = reciprocalRankFusion([["a", "b"], { ids: ["b", "a"], weight: 0.5 }]);
    expect(fused.get("a")).toBeCloseTo(1 / (RRF_K + 1) + 0.5 / (RRF_K + 2));
    expect(fused.get("a")! > fused.get("b")!).toBe(true);
  });

  it("nudges by recency and engagement without changing a clear order", () => {
    const fresh = boostedScore(0.01, { ageDays: 0, interactions: 100 });
    const stale = boostedScore(0.01, { ageDays: 60, interactions: 0 });
    expect(fresh).toBeGreaterThan(stale);
    expect(fresh).toBeLessThanOrEqual(0.01 * 1.25 + 1e-12);
    // A post ranked first in both lists beats a fresh, popular post found by one list only.
    expect(boostedScore(2 / (RRF_K + 1), { ageDays: 30, interactions: 0 })).toBeGreaterThan(
      boostedScore(1 / (RRF_K + 1), { ageDays: 0, interactions: 1000 }),
    );
  });
});
