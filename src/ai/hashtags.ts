// Hashtag suggestions for a draft, from this instance's own trending tags: tags used in public posts
// of the last week, ranked by how many people used them. A tag is suggested when every word of it
// appears in the draft ("#GenerativeArt" for "…generative art…"), so suggestions stay on topic.
import { and, countDistinct, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { statuses, statusTags, tags } from "../db/schema.ts";
import { extractHashtags } from "../social/content.ts";
import { statusVisibleTo } from "../social/visibility.ts";
import { stem, tokenize } from "./builtin/embeddings.ts";

export interface TrendingTag {
  name: string;
  /** Distinct authors who used it in the window. */
  accounts: number;
  uses: number;
}

const TREND_WINDOW_DAYS = 7;

export async function trendingTags(db: Executor, limit = 100): Promise<TrendingTag[]> {
  const since = new Date(Date.now() - TREND_WINDOW_DAYS * 86_400_000);
  const rows = await db
    .select({
      name: sql<string>`min(${tags.name})`,
      accounts: countDistinct(statuses.accountId),
      uses: countDistinct(statuses.id),
    })
    .from(statusTags)
    .innerJoin(tags, eq(tags.id, statusTags.tagId))
    .innerJoin(statuses, eq(statuses.id, statusTags.statusId))
    .where(
      and(
        eq(statuses.visibility, "public"),
        isNull(statuses.reblogOfId),
        gt(statuses.createdAt, since),
        statusVisibleTo(null),
      ),
    )
    .groupBy(sql`lower(${tags.name})`)
    .orderBy(
      desc(countDistinct(statuses.accountId)),
      desc(countDistinct(statuses.id)),
      sql`lower(min(${tags.name}))`,
    )
    .limit(limit);
  return rows.map((row) => ({ name: row.name, accounts: Number(row.accounts), uses: Number(row.uses) }));
}

/** "GenerativeArt", "generative_art", "art2024" → ["generative", "art"], ["art", "2024"]. */
function tagWords(name: string): string[] {
  return tokenize(
    name
      .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
      .replace(/(\p{L})(\p{N})/gu, "$1 $2")
      .replace(/_/g, " "),
  );
}

export function suggestHashtags(text: string, trending: readonly TrendingTag[], max = 5): string[] {
  const present = new Set(extractHashtags(text).map((name) => name.toLowerCase()));
  const words = new Set(tokenize(text.replace(/#[\p{L}\p{N}_]+/gu, " ")).map(stem));
  const squashed = new Set(tokenize(text).map((word) => word.toLowerCase()));
  const suggestions: string[] = [];
  for (const tag of trending) {
    if (present.has(tag.name.toLowerCase())) continue;
    const parts = tagWords(tag.name).map(stem);
    const matches = parts.length > 0 && parts.every((part) => words.has(part));
    if (matches || (parts.length > 1 && squashed.has(tag.name.toLowerCase()))) suggestions.push(tag.name);
    if (suggestions.length >= max) break;
  }
  return suggestions;
}

export async function hashtagSuggestions(db: Executor, text: string): Promise<string[]> {
  return suggestHashtags(text, await trendingTags(db));
}
