// Trending topics: the words people on this instance are writing about right now — content words
// of public, original posts of the last day, ranked by how many different people used them (one
// loud account cannot make a trend). Hashtags, mentions and links are left out: tags have their
// own trend list, and the others name people and sites, not topics.
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { statuses } from "../db/schema.ts";
import { statusVisibleTo } from "../social/visibility.ts";
import { tokenize } from "./builtin/embeddings.ts";

export interface TrendingTopic {
  /** The form people wrote most often ("harbours" and "harbour" count as one topic). */
  word: string;
  /** Distinct authors who used it in the window. */
  people: number;
  posts: number;
}

const WINDOW_MS = 24 * 3600_000;
/** Newest posts read per call: a bounded sample on a busy instance. */
const SAMPLE = 2000;
const MIN_PEOPLE = 2;

// Common English words that carry no topic.
const STOP_WORDS = new Set(
  `about above after again against all also am an and any are because been before being below between
  both but can cannot could did does doing down during each even ever every few for from further get gets
  got had has have having her here hers herself him himself his how into its itself just know like made
  make many more most much must myself new next now off once one only other our ours out over own really
  same she should since some still such than that the their theirs them then there these they this those
  through today too under until very want was way well were what when where which while who whom why will
  with would yes yet you your yours back good great little lot lots thing things time think`.split(/\s+/),
);

/** Folds plain English plurals ("lighthouses", "harbours", "brushes") onto the singular. */
function singular(word: string): string {
  if (/(?:ss|us|is)$/.test(word) || word.length <= 4) return word;
  if (/(?:sses|xes|zes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  return word.endsWith("s") ? word.slice(0, -1) : word;
}

/** Words of a post's text that can name a topic. */
function topicWords(text: string): string[] {
  const plain = text.replace(/https?:\/\/\S+/g, " ").replace(/[#@][\p{L}\p{N}_.-]+/gu, " ");
  return tokenize(plain).filter((w) => w.length >= 4 && !STOP_WORDS.has(w) && !/^\d+$/.test(w));
}

export async function trendingTopics(db: Executor, limit = 10, now = new Date()): Promise<TrendingTopic[]> {
  const rows = await db
    .select({ accountId: statuses.accountId, text: statuses.text, spoilerText: statuses.spoilerText })
    .from(statuses)
    .where(
      and(
        eq(statuses.visibility, "public"),
        isNull(statuses.reblogOfId),
        gt(statuses.createdAt, new Date(now.getTime() - WINDOW_MS)),
        statusVisibleTo(null),
      ),
    )
    .orderBy(desc(statuses.id))
    .limit(SAMPLE);
  const topics = new Map<string, { people: Set<bigint>; posts: number; forms: Map<string, number> }>();
  for (const row of rows) {
    for (const word of new Set(topicWords(`${row.spoilerText} ${row.text}`))) {
      const key = singular(word);
      const topic = topics.get(key) ?? {
        people: new Set<bigint>(),
        posts: 0,
        forms: new Map<string, number>(),
      };
      topics.set(key, topic);
      topic.people.add(row.accountId);
      topic.posts += 1;
      topic.forms.set(word, (topic.forms.get(word) ?? 0) + 1);
    }
  }
  return [...topics.values()]
    .filter((t) => t.people.size >= MIN_PEOPLE)
    .map((t) => ({
      word: [...t.forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
      people: t.people.size,
      posts: t.posts,
    }))
    .sort((a, b) => b.people - a.people || b.posts - a.posts || a.word.localeCompare(b.word))
    .slice(0, limit);
}
