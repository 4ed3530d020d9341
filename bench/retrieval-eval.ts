// Retrieval quality on the labelled set (bench/retrieval-corpus.ts), run in-process on the bench's
// database before Atelier starts: the corpus is inserted (set-based, like `atelier seed --bench`),
// embedded with the configured embedding model (the built-in one by default), and every question is
// answered three ways — Mastodon-style search (/api/v2/search: every word must match), the
// assistant's full-text leg alone, and the assistant's hybrid retrieval — scoring recall@10.
import { sql } from "drizzle-orm";
import { createAiService } from "../src/ai/registry.ts";
import { reindexStatuses } from "../src/ai/retrieval/embedding-index.ts";
import { type RetrievalMode, retrievePosts } from "../src/ai/retrieval/search.ts";
import { loadConfig } from "../src/config.ts";
import { accounts, statuses } from "../src/db/schema.ts";
import { createLogger } from "../src/log.ts";
import { createSocialContext, openMigratedDatabase } from "../src/server.ts";
import { searchStatuses } from "../src/social/search.ts";
import { showProgress } from "./procs.ts";
import { type Corpus, generateCorpus, recallAt } from "./retrieval-corpus.ts";
import type { BenchEnv } from "./scenario.ts";
import { atelierEnv } from "./target.ts";

export const K = 10;
export type Method = "search" | "fulltext" | "hybrid" | "semantic";
export const METHODS: { method: Method; label: string }[] = [
  { method: "search", label: "full text, every word (/api/v2/search)" },
  { method: "fulltext", label: "full text alone (assistant's leg)" },
  { method: "hybrid", label: "hybrid: full text + embeddings (RRF)" },
  { method: "semantic", label: "embeddings alone" },
];

export interface RetrievalResults {
  posts: number;
  questions: number;
  embeddingModel: string;
  vector: boolean;
  recall: Record<Method, number>;
  /** Per-question latency in ms, per method. */
  latency: Record<Method, number[]>;
  /** The questions with their status ids, for the HTTP part of the run. */
  labelled: { question: string; relevant: string[] }[];
  examples: { question: string; recall: Record<Method, number> }[];
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export async function evaluateRetrieval(env: BenchEnv): Promise<RetrievalResults> {
  const config = loadConfig(atelierEnv(env, { LOG_LEVEL: "silent" }));
  const logger = createLogger("silent");
  const ai = createAiService(config);
  const { database, lock } = await openMigratedDatabase(config, logger);
  try {
    const corpus: Corpus = generateCorpus();
    const { db } = database;
    const now = Date.now();
    const accountIds = Array.from({ length: corpus.authors + 1 }, (_, i) => (BigInt(now) << 16n) | BigInt(i));
    await db
      .insert(accounts)
      .values(accountIds.map((id, i) => ({ id, username: i === corpus.authors ? "reader" : `author${i}` })));
    const statusIds = corpus.posts.map((post, i) => {
      const ms = Math.floor(now - post.ageDays * 86_400_000);
      return (BigInt(ms) << 16n) | BigInt(i & 0xffff);
    });
    for (let start = 0; start < corpus.posts.length; start += 500) {
      const batch = corpus.posts.slice(start, start + 500);
      await db.insert(statuses).values(
        batch.map((post, j) => {
          const i = start + j;
          return {
            id: statusIds[i]!,
            accountId: accountIds[post.author]!,
            text: post.text,
            content: `<p>${escapeHtml(post.text)}</p>`,
            visibility: "public" as const,
            favouritesCount: post.favourites,
            createdAt: new Date(Math.floor(now - post.ageDays * 86_400_000)),
          };
        }),
      );
    }
    await db.execute(sql`ANALYZE statuses`);
    await reindexStatuses(
      { db, ai },
      { onProgress: (done, total) => showProgress("  embedding", done, total, `${done}/${total} posts`) },
    );
    const indexOf = new Map(statusIds.map((id, i) => [String(id), i]));
    const viewer = accountIds[corpus.authors]!;
    const social = createSocialContext(config, database, logger);
    const rank = async (method: Method, question: string): Promise<number[]> => {
      if (method === "search") {
        const rows = await searchStatuses(social, viewer, question, { limit: K, offset: 0 });
        return rows.map((row) => indexOf.get(String(row.id))!);
      }
      const found = await retrievePosts({ db, ai, vector: database.vector }, viewer, question, {
        limit: K,
        mode: method as RetrievalMode,
      });
      return found.map((f) => indexOf.get(String(f.status.id))!);
    };
    const recall = { search: 0, fulltext: 0, hybrid: 0, semantic: 0 };
    const latency: Record<Method, number[]> = { search: [], fulltext: [], hybrid: [], semantic: [] };
    const examples: RetrievalResults["examples"] = [];
    for (const [n, q] of corpus.questions.entries()) {
      const per = { search: 0, fulltext: 0, hybrid: 0, semantic: 0 };
      for (const { method } of METHODS) {
        const started = performance.now();
        const ranked = await rank(method, q.question);
        latency[method].push(performance.now() - started);
        per[method] = recallAt(K, ranked, q.relevant);
        recall[method] += per[method] / corpus.questions.length;
      }
      if (n < 8) examples.push({ question: q.question, recall: per });
      showProgress(
        "  asking",
        n + 1,
        corpus.questions.length,
        `${n + 1}/${corpus.questions.length} questions`,
      );
    }
    return {
      posts: corpus.posts.length,
      questions: corpus.questions.length,
      embeddingModel: ai.models().find((m) => m.capabilities.includes("embedding"))!.id,
      vector: database.vector,
      recall,
      latency,
      labelled: corpus.questions.map((q) => ({
        question: q.question,
        relevant: q.relevant.map((i) => String(statusIds[i])),
      })),
      examples,
    };
  } finally {
    await database.close();
    lock?.release();
  }
}
