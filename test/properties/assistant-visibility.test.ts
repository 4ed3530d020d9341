// The assistant's visibility property: over random networks of posts (every visibility, a small
// shared vocabulary so queries match many of them) and follows, neither hybrid retrieval (in each
// mode) nor the built-in assistant's citations ever return a post the asking person may not see —
// in particular a followers-only post to someone who does not follow its author. Checked against
// an independent model of Mastodon's rules, on a real (embedded) Postgres with real embeddings.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinTurn } from "../../src/ai/assistant/builtin-engine.ts";
import type { ToolRun } from "../../src/ai/assistant/tools.ts";
import { createAiService } from "../../src/ai/registry.ts";
import { embedStatuses } from "../../src/ai/retrieval/embedding-index.ts";
import { type RetrievalMode, retrievePosts } from "../../src/ai/retrieval/search.ts";
import type { AiService } from "../../src/ai/types.ts";
import type { DatabaseHandle } from "../../src/db/client.ts";
import type { Visibility } from "../../src/db/social-schema.ts";
import { registerAccount } from "../../src/social/accounts.ts";
import type { SocialContext } from "../../src/social/context.ts";
import { follow } from "../../src/social/relationships.ts";
import { createStatus } from "../../src/social/statuses/create.ts";
import { type DomainTestBed, openTestBed } from "../support/database.ts";

const RUNS = Number(process.env.ASSISTANT_VISIBILITY_RUNS ?? 25);
const USERS = 4;
const WORDS = ["sourdough", "garden", "painting", "concert", "mountain", "recipe"];
const VISIBILITIES: Visibility[] = ["public", "unlisted", "private", "direct"];

let bed: DomainTestBed;
let database: DatabaseHandle;
let social: SocialContext;
let ai: AiService;
const accounts: bigint[] = [];
/** The model: every post made so far and every follow. */
const posts = new Map<string, { author: bigint; visibility: Visibility }>();
const follows = new Set<string>();

function maySee(viewer: bigint, statusId: string): boolean {
  const post = posts.get(statusId);
  if (!post) return false;
  if (post.author === viewer) return true;
  if (post.visibility === "public" || post.visibility === "unlisted") return true;
  if (post.visibility === "private") return follows.has(`${viewer}>${post.author}`);
  return false; // direct, and nobody is mentioned
}

beforeAll(async () => {
  bed = await openTestBed();
  ({ database, social } = bed);
  ai = createAiService(bed.config);
  for (let i = 0; i < USERS; i++) {
    const { account } = await registerAccount(social, {
      username: `p${i}`,
      email: `p${i}@example.test`,
      password: "correct horse battery staple",
      agreement: true,
    });
    accounts.push(account.id);
  }
});
afterAll(async () => {
  await bed?.close();
});

const postArb = fc.record({
  author: fc.nat(USERS - 1),
  visibility: fc.constantFrom(...VISIBILITIES),
  words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }),
});
const followArb = fc.tuple(fc.nat(USERS - 1), fc.nat(USERS - 1)).filter(([a, b]) => a !== b);
const scenarioArb = fc.record({
  posts: fc.array(postArb, { minLength: 1, maxLength: 8 }),
  follows: fc.array(followArb, { maxLength: 3 }),
  viewer: fc.nat(USERS - 1),
  query: fc.array(fc.constantFrom(...WORDS, "what", "about"), { minLength: 1, maxLength: 3 }),
  mode: fc.constantFrom<RetrievalMode>("hybrid", "fulltext", "semantic"),
});

describe("assistant retrieval visibility", () => {
  it("never retrieves or cites a post the viewer may not see", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const created: bigint[] = [];
        for (const p of scenario.posts) {
          const status = await createStatus(social, {
            accountId: accounts[p.author]!,
            text: `${p.words.join(" ")} (${p.visibility})`,
            visibility: p.visibility,
          });
          posts.set(String(status.id), { author: accounts[p.author]!, visibility: p.visibility });
          created.push(status.id);
        }
        for (const [a, b] of scenario.follows) {
          await follow(social, accounts[a]!, accounts[b]!);
          follows.add(`${accounts[a]}>${accounts[b]}`);
        }
        await embedStatuses({ db: social.db, ai }, created);
        const viewer = accounts[scenario.viewer]!;
        const question = scenario.query.join(" ");

        const found = await retrievePosts({ db: social.db, ai, vector: database.vector }, viewer, question, {
          limit: 20,
          mode: scenario.mode,
        });
        for (const { status } of found)
          expect(maySee(viewer, String(status.id)), `retrieved ${status.id}`).toBe(true);
        // Without pgvector the semantic leg scores candidates in memory: the same rule must hold.
        const memory = await retrievePosts({ db: social.db, ai, vector: false }, viewer, question, {
          limit: 20,
        });
        for (const { status } of memory)
          expect(maySee(viewer, String(status.id)), `retrieved ${status.id}`).toBe(true);

        const run: ToolRun = {
          deps: {
            social,
            serialize: { publicUrl: social.settings.publicUrl, mediaUrl: (key) => `/media/${key}` },
            ai,
            vector: database.vector,
            apps: null,
            imageQuotas: { imagesPerDay: 0, concurrentJobs: 0 },
          },
          viewer: { userId: 0n, accountId: viewer },
          seen: new Map(),
        };
        const outcome = await builtinTurn(run, question, () => {});
        for (const citation of outcome.citations) {
          expect(maySee(viewer, citation.status_id), `cited ${citation.status_id}`).toBe(true);
        }
        for (const [id] of posts) {
          if (!maySee(viewer, id)) expect(outcome.content).not.toContain(id);
        }
      }),
      { numRuns: RUNS },
    );
    // The property was exercised: some post was hidden from some viewer along the way.
    expect([...posts.values()].some((p) => p.visibility === "private")).toBe(true);
  });
});
