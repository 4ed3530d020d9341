// The embedding index on a real (embedded) Postgres: statuses without vectors are embedded once,
// an edit re-embeds only that status, and vectors from another model are all redone.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DomainTestBed, openTestBed } from "../../../test/support/database.ts";
import { loadConfig } from "../../config.ts";
import { aiStatusEmbeddings, statuses } from "../../db/schema.ts";
import { registerAccount } from "../../social/accounts.ts";
import type { SocialContext } from "../../social/context.ts";
import { createStatus } from "../../social/statuses/create.ts";
import { BUILTIN_EMBEDDING_DIMENSIONS } from "../builtin/embeddings.ts";
import { createAiService } from "../registry.ts";
import { countStale, embedStatuses, reindexStatuses } from "./embedding-index.ts";

let bed: DomainTestBed;
let social: SocialContext;
const ai = createAiService(loadConfig({}));

beforeAll(async () => {
  bed = await openTestBed();
  social = bed.social;
});
afterAll(async () => {
  await bed?.close();
});

describe("the status embedding index", () => {
  it("embeds what is missing, re-embeds edits and another model's vectors, skips the rest", async () => {
    const { account } = await registerAccount(social, {
      username: "indexer",
      email: "indexer@example.test",
      password: "correct horse battery staple",
      agreement: true,
    });
    const ids: bigint[] = [];
    for (const text of ["first post about kites", "second post about gliders", "third about clouds"]) {
      ids.push((await createStatus(social, { accountId: account.id, text })).id);
    }
    const progress: [number, number][] = [];
    expect(
      await reindexStatuses({ db: social.db, ai }, { onProgress: (d, t) => progress.push([d, t]) }),
    ).toBe(3);
    expect(progress.at(-1)).toEqual([3, 3]);
    expect(
      await countStale(social.db, {
        model: "builtin:hashed-tfidf",
        dimensions: BUILTIN_EMBEDDING_DIMENSIONS,
      }),
    ).toBe(0);
    expect(await reindexStatuses({ db: social.db, ai })).toBe(0);
    // Unchanged text is not embedded again; an edit is.
    expect(await embedStatuses({ db: social.db, ai }, ids)).toBe(0);
    await social.db
      .update(statuses)
      .set({ text: "first post about paper kites" })
      .where(eq(statuses.id, ids[0]!));
    expect(await embedStatuses({ db: social.db, ai }, ids)).toBe(1);
    // Vectors of another model (AI_EMBEDDING_MODEL changed) are stale: all are redone.
    await social.db.update(aiStatusEmbeddings).set({ model: "openai:text-embedding-3-small" });
    expect(
      await countStale(social.db, {
        model: "builtin:hashed-tfidf",
        dimensions: BUILTIN_EMBEDDING_DIMENSIONS,
      }),
    ).toBe(3);
    expect(await reindexStatuses({ db: social.db, ai })).toBe(3);
    const [row] = await social.db
      .select({ n: sql<number>`count(*)::int`, dims: sql<number>`max(dimensions)` })
      .from(aiStatusEmbeddings)
      .where(eq(aiStatusEmbeddings.model, "builtin:hashed-tfidf"));
    expect(row).toEqual({ n: 3, dims: BUILTIN_EMBEDDING_DIMENSIONS });
    // Vectors of another size under the same name (the built-in model changed) are redone too.
    await social.db
      .update(aiStatusEmbeddings)
      .set({ dimensions: 384 })
      .where(eq(aiStatusEmbeddings.statusId, ids[1]!));
    expect(await reindexStatuses({ db: social.db, ai })).toBe(1);
  });
});
