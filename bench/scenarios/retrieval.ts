// Retrieval quality for the assistant: a generated corpus of 3,000 posts and 60 labelled questions
// (bench/retrieval-corpus.ts). Before Atelier starts, the corpus is inserted and embedded and each
// question is answered by Mastodon-style search, by the assistant's full-text leg alone and by its
// hybrid retrieval: recall@10 of each is printed. Then, with Atelier running, the same questions
// go to the assistant over HTTP (built-in engine, Accept: application/json): its answer latency,
// and how many relevant posts its citations hold.
import fs from "node:fs";
import path from "node:path";
import { seriesFrom } from "../latency-report.ts";
import { BenchError } from "../procs.ts";
import { evaluateRetrieval, K, METHODS, type RetrievalResults } from "../retrieval-eval.ts";
import type { BenchEnv, Check, Scenario } from "../scenario.ts";
import { registerPoster } from "../social.ts";

const resultsFile = (env: BenchEnv) => path.join(env.workDir, "retrieval.json");

const scenario: Scenario = {
  name: "retrieval",
  description: `assistant retrieval quality: recall@${K} of full text vs hybrid on 60 labelled questions over 3,000 generated posts`,
  requests: [],
  env: { AI_ASSISTANT_MESSAGES_PER_HOUR: "0", AI_ASSISTANT_TOKENS_PER_DAY: "0" },
  async prepare(env) {
    const results = await evaluateRetrieval(env);
    fs.writeFileSync(resultsFile(env), JSON.stringify(results));
  },
  async measure(ctx) {
    if (!fs.existsSync(resultsFile(ctx.env)))
      throw new BenchError("retrieval needs its prepare step (no --reuse-data)");
    const results = JSON.parse(fs.readFileSync(resultsFile(ctx.env), "utf8")) as RetrievalResults;
    ctx.status(
      `  ${results.posts} posts, ${results.questions} questions, embeddings ${results.embeddingModel}` +
        ` (${results.vector ? "pgvector" : "real[] scored in memory"})`,
    );
    for (const { method, label } of METHODS) {
      ctx.status(`  recall@${K} ${results.recall[method].toFixed(3)}  ${label}`);
    }
    const reader = await registerPoster(ctx.url);
    const created = await fetch(`${ctx.url}/api/v1/ai/conversations`, {
      method: "POST",
      headers: { authorization: `Bearer ${reader.token}`, "content-type": "application/json" },
      body: "{}",
    });
    const { id } = (await created.json()) as { id: string };
    const samples: number[] = [];
    let errors = 0;
    let citedRecall = 0;
    for (const [n, q] of results.labelled.entries()) {
      const started = performance.now();
      const res = await fetch(`${ctx.url}/api/v1/ai/conversations/${id}/messages`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${reader.token}`,
          "content-type": "application/json",
          accept: "application/json",
        },
        body: JSON.stringify({ content: q.question }),
      });
      const body = (await res.json()) as { citations?: { status_id: string }[] };
      samples.push(performance.now() - started);
      if (!res.ok) errors++;
      const cited = new Set((body.citations ?? []).map((c) => c.status_id));
      citedRecall +=
        q.relevant.filter((r) => cited.has(r)).length / q.relevant.length / results.labelled.length;
      ctx.progress("  asking the assistant", n + 1, results.labelled.length, "questions");
    }
    const checks: Check[] = [
      ...METHODS.map(({ method, label }) => ({
        label: `recall@${K}, ${label}`,
        ok: true,
        detail: results.recall[method].toFixed(3),
      })),
      {
        // A measurement, not a pass/fail check: the built-in embeddings may well not beat full text.
        label: `recall@${K} gained by the hybrid over full text alone`,
        ok: true,
        detail: (results.recall.hybrid - results.recall.fulltext).toFixed(3),
      },
      {
        label: "relevant posts among the assistant's citations (it quotes 5)",
        ok: errors === 0,
        detail: `${(citedRecall * 100).toFixed(1)} % of relevant posts cited, ${errors} errors`,
      },
    ];
    return {
      series: [
        ...METHODS.map(({ method, label }) => seriesFrom(`retrieve: ${label}`, results.latency[method])),
        seriesFrom("assistant answer over HTTP (built-in engine)", samples, { errors }),
      ],
      checks,
    };
  },
};

export default scenario;
