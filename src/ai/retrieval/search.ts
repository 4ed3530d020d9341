// Hybrid retrieval over the posts one person may see, for the assistant:
// - full text: Postgres `english` text search over the question's content words OR-ed together
//   (a question is not a keyword query: "what are people saying about sourdough starters" must not
//   require every word), each as a prefix of its stem ("photographer" also finds "photography",
//   which the English stemmer keeps apart), ranked by ts_rank_cd;
// - semantic: cosine similarity of the question's embedding to the status embeddings of the same
//   model. With pgvector (PGlite always has it; PostgreSQL when the extension is installed) this is
//   an exact scan in SQL (`real[]::vector <=>`), no approximate index. Without it, the real[]
//   vectors of a bounded candidate set — the full-text matches plus the most recent visible posts —
//   are scored here; older posts then reach the answer through full text only.
// The two ranked lists are fused by (weighted) reciprocal rank fusion, nudged by recency and
// engagement.
// Every query carries the visibility rules of src/social/visibility.ts, so nothing the person may
// not see is ever a candidate.
import { and, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { aiStatusEmbeddings, statuses } from "../../db/schema.ts";
import { refuseUnstorableText } from "../../errors.ts";
import type { Status } from "../../social/statuses/read.ts";
import { entryVisibleTo, notFilteredFor } from "../../social/visibility.ts";
import { cosineSimilarity, tokenize } from "../builtin/embeddings.ts";
import { type AiService, AiUnavailableError } from "../types.ts";
import { currentEmbeddingModel } from "./embedding-index.ts";
import { boostedScore, reciprocalRankFusion } from "./fusion.ts";

/** Each leg contributes this many ranked candidates to the fusion. */
const LEG_DEPTH = 50;
/** Without pgvector: recent posts scored in memory besides the full-text matches. */
const RECENT_WINDOW = 1000;
const MAX_TERMS = 16;
/**
 * Below this cosine similarity a post is not "about" the question, only near it in a small corpus
 * (hashed vectors of unrelated texts still share a few buckets); the semantic leg leaves it out.
 */
export const MIN_SIMILARITY = 0.12;

export interface RetrievalDeps {
  db: Executor;
  ai: AiService;
  /** Whether the pgvector extension is available (DatabaseHandle.vector). */
  vector: boolean;
}

export type RetrievalMode = "hybrid" | "fulltext" | "semantic";

export interface RetrievalOptions {
  limit: number;
  mode?: RetrievalMode;
  /** Only posts by this account. */
  accountId?: bigint;
  now?: Date;
}

export interface RetrievedPost {
  status: Status;
  score: number;
  /** 1-based rank in each leg that found it. */
  ranks: { fulltext?: number; semantic?: number };
}

/** Words that carry no topic in a question (on top of Postgres' English stop words). */
const QUESTION_WORDS = new Set(
  (
    "what whats who whom which when where why how people saying say says said talking talk tell think thinks anyone anybody someone everyone lately recently today posts post posted feed latest new news about any there " +
    "a an and or the of to in on at for with by from me my i you your we our us it its is are was were be been do does did has have had can could would should will just this that these those here then than as so if but not no yes some all been has"
  ).split(" "),
);

/** The question's content words, letters and digits only (safe inside to_tsquery). */
export function queryTerms(question: string): string[] {
  const seen = new Set<string>();
  for (const word of tokenize(question)) {
    if (word.length < 2 || QUESTION_WORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
  }
  return [...seen].slice(0, MAX_TERMS);
}

function visibleOriginals(viewerId: bigint, accountId: bigint | undefined): SQL {
  return and(
    isNull(statuses.reblogOfId),
    entryVisibleTo(viewerId),
    notFilteredFor(viewerId),
    accountId !== undefined ? eq(statuses.accountId, accountId) : undefined,
  )!;
}

/** Full-text leg: ids best first. */
async function fullTextLeg(
  db: Executor,
  viewerId: bigint,
  terms: string[],
  accountId: bigint | undefined,
  depth: number,
): Promise<bigint[]> {
  if (!terms.length) return [];
  const query = sql`to_tsquery('english', ${terms.map((t) => (t.length >= 4 ? `${t}:*` : t)).join(" | ")})`;
  const rows = await db
    .select({ id: statuses.id })
    .from(statuses)
    .where(and(sql`${statuses.search} @@ ${query}`, visibleOriginals(viewerId, accountId)))
    .orderBy(sql`ts_rank_cd(${statuses.search}, ${query}, 1) DESC`, desc(statuses.id))
    .limit(depth);
  return rows.map((row) => BigInt(row.id));
}

/** Content words embedded one by one at most (the rest of a long question is left to full text). */
const MAX_SEMANTIC_TERMS = 6;

/**
 * What the semantic leg embeds. A neural model reads the question as asked. A bag-of-words model
 * (the built-in hashed TF-IDF) would be pulled by the question's boilerplate ("what are people
 * saying about") and by whichever word a post repeats, so it embeds each content word on its own
 * and a post scores by its least similar word: a post must be near every topic of the question —
 * the AND that the OR-ed full-text leg lacks, with the fuzziness (word forms, typos, through
 * character trigrams) that full text lacks.
 */
function semanticQueries(ai: AiService, question: string): string[] {
  if (!currentEmbeddingModel(ai).startsWith("builtin:")) return [question];
  const terms = queryTerms(question);
  return terms.length ? terms.slice(0, MAX_SEMANTIC_TERMS) : [question];
}

/** Semantic leg: ids best first, by cosine similarity to the question's embedding(s) (the least one). */
async function semanticLeg(
  deps: RetrievalDeps,
  viewerId: bigint,
  question: string,
  accountId: bigint | undefined,
  fullText: bigint[],
): Promise<bigint[]> {
  const { vectors, model } = await deps.ai.embed({ texts: semanticQueries(deps.ai, question) });
  const queryVector = vectors[0];
  if (!queryVector?.length) return [];
  const sameModel = and(
    eq(aiStatusEmbeddings.model, model),
    eq(aiStatusEmbeddings.dimensions, queryVector.length),
  );
  if (deps.vector) {
    const distances = vectors.map(
      (v) => sql`(${aiStatusEmbeddings.embedding}::vector <=> ${`[${v.join(",")}]`}::vector)`,
    );
    const distance = distances.length > 1 ? sql`GREATEST(${sql.join(distances, sql`, `)})` : distances[0]!;
    const rows = await deps.db
      .select({ id: statuses.id })
      .from(aiStatusEmbeddings)
      .innerJoin(statuses, eq(statuses.id, aiStatusEmbeddings.statusId))
      .where(and(sameModel, visibleOriginals(viewerId, accountId), sql`${distance} <= ${1 - MIN_SIMILARITY}`))
      .orderBy(distance, desc(statuses.id))
      .limit(LEG_DEPTH);
    return rows.map((row) => BigInt(row.id));
  }
  // Scored here: unnest-based dot products in SQL measured twice as slow as shipping the vectors.
  const recent = await deps.db
    .select({ id: statuses.id })
    .from(statuses)
    .innerJoin(aiStatusEmbeddings, eq(aiStatusEmbeddings.statusId, statuses.id))
    .where(and(sameModel, visibleOriginals(viewerId, accountId)))
    .orderBy(desc(statuses.id))
    .limit(RECENT_WINDOW);
  const candidates = [...new Set([...fullText, ...recent.map((row) => BigInt(row.id))])];
  if (!candidates.length) return [];
  const stored = await deps.db
    .select({ id: aiStatusEmbeddings.statusId, embedding: aiStatusEmbeddings.embedding })
    .from(aiStatusEmbeddings)
    .where(and(sameModel, inArray(aiStatusEmbeddings.statusId, candidates)));
  return stored
    .map((row) => ({
      id: BigInt(row.id),
      similarity: Math.min(...vectors.map((v) => cosineSimilarity(row.embedding, v))),
    }))
    .filter((row) => row.similarity >= MIN_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity || (b.id > a.id ? 1 : -1))
    .slice(0, LEG_DEPTH)
    .map((row) => row.id);
}

/**
 * The semantic leg's weight in the fusion. The built-in hashed TF-IDF model sees the same words as
 * the full-text index, with an exact-word bias and hashing noise: it catches typos and word forms
 * the index misses, but is a weaker ranker, so it counts half (a prior, not fitted to the
 * retrieval bench). A provider's model counts fully.
 */
function semanticWeight(ai: AiService): number {
  return currentEmbeddingModel(ai).startsWith("builtin:") ? 0.5 : 1;
}

/** Candidates for a question without a topic: the newest visible posts. */
const NOTABLE_WINDOW = 200;

/** The newest visible posts ranked by the same recency and engagement nudges as the fusion. */
async function recentNotable(
  db: Executor,
  viewerId: bigint,
  options: RetrievalOptions,
): Promise<RetrievedPost[]> {
  const rows = await db
    .select()
    .from(statuses)
    .where(visibleOriginals(viewerId, options.accountId))
    .orderBy(desc(statuses.id))
    .limit(NOTABLE_WINDOW);
  const now = (options.now ?? new Date()).getTime();
  return rows
    .map((status) => ({
      status,
      ranks: {},
      score: boostedScore(1, {
        ageDays: (now - status.createdAt.getTime()) / 86_400_000,
        interactions: status.favouritesCount + status.reblogsCount + status.repliesCount,
      }),
    }))
    .sort((a, b) => b.score - a.score || (b.status.id > a.status.id ? 1 : -1))
    .slice(0, options.limit);
}

/** The posts that best answer `question`, best first, among those `viewerId` may see. */
export async function retrievePosts(
  deps: RetrievalDeps,
  viewerId: bigint,
  question: string,
  options: RetrievalOptions,
): Promise<RetrievedPost[]> {
  refuseUnstorableText({ query: question });
  const mode = options.mode ?? "hybrid";
  const terms = queryTerms(question);
  // "What are people talking about?" names no topic: the answer is what is new and noticed.
  if (!terms.length) return recentNotable(deps.db, viewerId, options);
  // Without pgvector the semantic leg scores the full-text matches too: ask for more of them.
  const ftDepth = mode !== "fulltext" && !deps.vector ? LEG_DEPTH * 4 : LEG_DEPTH;
  const fullText =
    mode === "semantic" && deps.vector
      ? []
      : await fullTextLeg(deps.db, viewerId, terms, options.accountId, ftDepth);
  // An embedding provider that is down leaves full text to answer alone (in hybrid mode).
  const semantic =
    mode === "fulltext" || !question.trim()
      ? []
      : await semanticLeg(deps, viewerId, question, options.accountId, fullText).catch((err: unknown) => {
          if (mode === "hybrid" && err instanceof AiUnavailableError) return [];
          throw err;
        });
  const lists = [
    ...(mode !== "semantic" ? [fullText.slice(0, LEG_DEPTH).map(String)] : []),
    ...(mode !== "fulltext" ? [{ ids: semantic.map(String), weight: semanticWeight(deps.ai) }] : []),
  ];
  const fused = reciprocalRankFusion(lists);
  if (!fused.size) return [];
  const rows = await deps.db
    .select()
    .from(statuses)
    .where(
      and(
        inArray(
          statuses.id,
          [...fused.keys()].map((id) => BigInt(id)),
        ),
        visibleOriginals(viewerId, options.accountId),
      ),
    );
  const now = (options.now ?? new Date()).getTime();
  const rankIn = (list: bigint[], id: bigint) => {
    const index = list.indexOf(id);
    return index < 0 ? undefined : index + 1;
  };
  return rows
    .map((status) => {
      const score = boostedScore(fused.get(String(status.id)) ?? 0, {
        ageDays: (now - status.createdAt.getTime()) / 86_400_000,
        interactions: status.favouritesCount + status.reblogsCount + status.repliesCount,
      });
      const ftRank = rankIn(fullText, status.id);
      const semRank = rankIn(semantic, status.id);
      return {
        status,
        score,
        ranks: {
          ...(ftRank !== undefined && ftRank <= LEG_DEPTH ? { fulltext: ftRank } : {}),
          ...(semRank !== undefined ? { semantic: semRank } : {}),
        },
      };
    })
    .sort((a, b) => b.score - a.score || (b.status.id > a.status.id ? 1 : -1))
    .slice(0, options.limit);
}
