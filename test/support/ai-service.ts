// The provider layer's test fixture: two fake OpenAI servers for a test file — `good` answers at
// OPENAI_BASE_URL, `other` at OPENAI_COMPATIBLE_BASE_URL — started once and reset before each test,
// and `service(env)` for an AiService configured against them with short timeouts.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type AiServiceOptions, createAiService } from "../../src/ai/registry.ts";
import type { AiService } from "../../src/ai/types.ts";
import { loadConfig } from "../../src/config.ts";
import { type FakeOpenAi, startFakeOpenAi } from "./openai-server.ts";

// Short enough to keep the suites quick, long enough that a healthy answer on a loaded 2-core
// machine never times out (the slow answers the tests script take 5 s or stall for good).
export const FAST: AiServiceOptions["policy"] = {
  timeoutMs: 1500,
  retries: 2,
  backoffMs: 10,
  maxWaitMs: 3000,
};

export interface FakeProviders {
  good: FakeOpenAi;
  other: FakeOpenAi;
  service(env: Record<string, string>, policy?: AiServiceOptions["policy"]): AiService;
}

/** Registers the hooks; `good` and `other` are set once the file's tests start. */
export function fakeProvidersForFile(): FakeProviders {
  const fakes: FakeProviders = {
    good: undefined as unknown as FakeOpenAi,
    other: undefined as unknown as FakeOpenAi,
    service(env, policy = FAST) {
      const config = loadConfig({
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: fakes.good.baseUrl,
        OPENAI_COMPATIBLE_BASE_URL: fakes.other.baseUrl,
        ...env,
      });
      return createAiService(config, { policy, imagePolicy: policy });
    },
  };
  beforeAll(async () => {
    [fakes.good, fakes.other] = await Promise.all([startFakeOpenAi(), startFakeOpenAi()]);
  });
  afterAll(async () => {
    await Promise.all([fakes.good?.close(), fakes.other?.close()]);
  });
  beforeEach(() => {
    for (const fake of [fakes.good, fakes.other]) {
      fake.requests.length = 0;
      fake.reply = (body) => {
        const messages = body.messages as Array<{ role: string; content: unknown }>;
        return `Echo: ${String(messages.at(-1)?.content)}`;
      };
    }
  });
  return fakes;
}
