// Reciprocal rank fusion of ranked lists (Cormack et al. 2009): each list adds 1/(k + rank) for an
// item, so agreeing lists lift an item and no list's raw score scale matters. Recency and engagement
// then nudge the fused score multiplicatively (they reorder near-ties, they never bring an
// irrelevant post in: an item must be in some list to be scored at all).

export const RRF_K = 60;

export interface FusionSignals {
  /** Age of the post in days. */
  ageDays: number;
  /** Favourites + boosts + replies. */
  interactions: number;
}

export interface FusionWeights {
  /** Half-life of the recency bonus, in days. */
  recencyHalfLifeDays: number;
  /** Largest recency bonus (a fraction of the fused score). */
  recency: number;
  /** Largest engagement bonus (reached at `engagementSaturation` interactions). */
  engagement: number;
  engagementSaturation: number;
}

export const DEFAULT_WEIGHTS: FusionWeights = {
  recencyHalfLifeDays: 7,
  recency: 0.15,
  engagement: 0.1,
  engagementSaturation: 50,
};

/** Fused scores of every item in any list (ids in rank order, best first). */
export function reciprocalRankFusion(
  lists: readonly (readonly string[] | { ids: readonly string[]; weight: number })[],
  k = RRF_K,
): Map<string, number> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    const { ids, weight } = "weight" in list ? list : { ids: list as readonly string[], weight: 1 };
    for (const [index, id] of ids.entries()) scores.set(id, (scores.get(id) ?? 0) + weight / (k + index + 1));
  }
  return scores;
}

/** The fused score with the recency and engagement nudges applied. */
export function boostedScore(fused: number, signals: FusionSignals, weights = DEFAULT_WEIGHTS): number {
  const recency = 0.5 ** (Math.max(signals.ageDays, 0) / weights.recencyHalfLifeDays);
  const engagement = Math.min(
    Math.log1p(Math.max(signals.interactions, 0)) / Math.log1p(weights.engagementSaturation),
    1,
  );
  return fused * (1 + weights.recency * recency + weights.engagement * engagement);
}
