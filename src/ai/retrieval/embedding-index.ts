// The embedding index behind semantic retrieval: one vector per original status (reblogs are not
// indexed; the original is), made by the configured embedding model (AI_EMBEDDING_MODEL, built-in
// hashed TF-IDF by default). A status is (re-)embedded when its text changes or the model does;
// unchanged text under the same model costs nothing.

import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { and, asc, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { aiStatusEmbeddings, statuses } from "../../db/schema.ts";
import type { AiService } from "../types.ts";

/** Texts per embedding call: providers accept far more, but a batch is one retry unit. */
export const EMBED_BATCH = 64;

export interface IndexDeps {
  db: Executor;
  ai: AiService;
  signal?: AbortSignal;
}

/** What a status is embedded as: its content warning and its words. */
export function embeddingText(status: { spoilerText: string; text: string }): string {
  return [status.spoilerText, status.text].filter((part) => part.trim()).join("\n");
}

const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");

/** The embedding model new vectors come from: the first configured one (a fallback may differ). */
export function currentEmbeddingModel(ai: AiService): string {
  return ai.models().find((model) => model.capabilities.includes("embedding"))?.id ?? "builtin:hashed-tfidf";
}

/** The model and vector size new vectors get (one probe embedding: a model's size is not listed). */
export async function currentEmbeddingShape(ai: AiService): Promise<EmbeddingShape> {
  const probe = await ai.embed({ texts: ["probe"] });
  return { model: probe.model, dimensions: probe.dimensions };
}

export interface EmbeddingShape {
  model: string;
  dimensions: number;
}

/** Stored vectors that are missing, or not of this model and size. */
function staleCondition(shape: EmbeddingShape) {
  return or(
    isNull(aiStatusEmbeddings.statusId),
    ne(aiStatusEmbeddings.model, shape.model),
    ne(aiStatusEmbeddings.dimensions, shape.dimensions),
  );
}

/**
 * Embeds these statuses (skipping reblogs, gone rows and unchanged text under the current model).
 * Returns how many vectors were written.
 */
export async function embedStatuses(
  deps: IndexDeps,
  ids: bigint[],
  options: { force?: boolean } = {},
): Promise<number> {
  if (!ids.length) return 0;
  const rows = await deps.db
    .select({
      id: statuses.id,
      text: statuses.text,
      spoilerText: statuses.spoilerText,
      storedHash: aiStatusEmbeddings.textHash,
      storedModel: aiStatusEmbeddings.model,
    })
    .from(statuses)
    .leftJoin(aiStatusEmbeddings, sql`${aiStatusEmbeddings.statusId} = ${statuses.id}`)
    .where(and(inArray(statuses.id, ids), isNull(statuses.reblogOfId)));
  const model = currentEmbeddingModel(deps.ai);
  const todo = rows
    .map((row) => ({ ...row, body: embeddingText(row) }))
    .filter((row) => options.force || row.storedModel !== model || row.storedHash !== hashOf(row.body));
  let written = 0;
  for (let start = 0; start < todo.length; start += EMBED_BATCH) {
    const batch = todo.slice(start, start + EMBED_BATCH);
    const result = await deps.ai.embed({
      texts: batch.map((row) => row.body || " "),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const values = batch.map((row, i) => ({
      statusId: row.id,
      model: result.model,
      dimensions: result.vectors[i]!.length,
      embedding: result.vectors[i]!,
      textHash: hashOf(row.body),
      updatedAt: new Date(),
    }));
    await deps.db
      .insert(aiStatusEmbeddings)
      .values(values)
      .onConflictDoUpdate({
        target: aiStatusEmbeddings.statusId,
        set: {
          model: sql`excluded.model`,
          dimensions: sql`excluded.dimensions`,
          embedding: sql`excluded.embedding`,
          textHash: sql`excluded.text_hash`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
    written += values.length;
  }
  return written;
}

/** Original statuses with no vector, or one from another model, after `afterId` (id order). */
export async function staleStatusIds(
  db: Executor,
  shape: EmbeddingShape,
  afterId: bigint,
  limit: number,
): Promise<bigint[]> {
  const rows = await db
    .select({ id: statuses.id })
    .from(statuses)
    .leftJoin(aiStatusEmbeddings, sql`${aiStatusEmbeddings.statusId} = ${statuses.id}`)
    .where(and(isNull(statuses.reblogOfId), gt(statuses.id, afterId), staleCondition(shape)))
    .orderBy(asc(statuses.id))
    .limit(limit);
  return rows.map((row) => BigInt(row.id));
}

/** How many statuses need (re-)embedding under `model`. */
export async function countStale(db: Executor, shape: EmbeddingShape): Promise<number> {
  const [row] = await db
    .select({ count: sql<string | number>`count(*)` })
    .from(statuses)
    .leftJoin(aiStatusEmbeddings, sql`${aiStatusEmbeddings.statusId} = ${statuses.id}`)
    .where(and(isNull(statuses.reblogOfId), staleCondition(shape)));
  return Number(row?.count ?? 0);
}

/**
 * Embeds every stale status (missing, or from another model), in id order; `all` re-embeds
 * everything. Calls `onProgress(done, total)` after each batch.
 */
export async function reindexStatuses(
  deps: IndexDeps,
  options: { all?: boolean; paced?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const shape = await currentEmbeddingShape(deps.ai);
  if (options.all) await deps.db.delete(aiStatusEmbeddings);
  const total = await countStale(deps.db, shape);
  let done = 0;
  let after = 0n;
  options.onProgress?.(0, total);
  for (;;) {
    deps.signal?.throwIfAborted();
    const ids = await staleStatusIds(deps.db, shape, after, EMBED_BATCH * 4);
    if (!ids.length) break;
    const started = performance.now();
    await embedStatuses(deps, ids, { force: true });
    if (options.paced) await sleep(performance.now() - started, undefined, { signal: deps.signal });
    done += ids.length;
    after = ids.at(-1)!;
    options.onProgress?.(Math.min(done, total), total);
  }
  return done;
}
