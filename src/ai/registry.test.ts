// The provider layer against a real HTTP server speaking the OpenAI API (test/support/openai-server.ts):
// chat (plain and streamed); slow answers, 429 with Retry-After, 500s and malformed bodies; retries,
// fallback to the next model, and a clear failure. Images, embeddings, vision, moderation and the
// configuration: registry-capabilities.test.ts.
import { describe, expect, it } from "vitest";
import { fakeProvidersForFile } from "../../test/support/ai-service.ts";
import { ModelNotConfiguredError } from "./registry.ts";
import { AiUnavailableError } from "./types.ts";

const fakes = fakeProvidersForFile();

const hello = { messages: [{ role: "user" as const, content: "hello there" }] };

describe("chat completions", () => {
  it("answers through /chat/completions (not the Responses API) with the key, and reports usage", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai:gpt-test" });
    const answer = await ai.generateText({ ...hello, system: "Be brief." });
    expect(answer).toMatchObject({ text: "Echo: hello there", model: "openai:gpt-test", provider: "openai" });
    expect(answer.usage?.inputTokens).toBe(12);
    const [call] = fakes.good.calls("chat");
    expect(call!.path).toBe("/v1/chat/completions");
    expect(call!.headers.authorization).toBe("Bearer sk-test");
    expect(call!.body).toMatchObject({ model: "gpt-test" });
    expect(call!.body.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "hello there" },
    ]);
  });

  it("streams the answer piece by piece, then resolves the whole text", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai:gpt-test" });
    fakes.good.reply = () => "one two three four";
    const stream = await ai.streamText(hello);
    const pieces: string[] = [];
    for await (const piece of stream.textStream) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join("")).toBe("one two three four");
    const result = await stream.result;
    expect(result).toMatchObject({ text: "one two three four", model: "openai:gpt-test" });
    expect(result.usage?.outputTokens).toBe(4);
    expect(fakes.good.calls("chat")[0]!.body.stream).toBe(true);
  });

  it("speaks to an OpenAI-compatible server (Ollama, vLLM…) through openai-compatible:*", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai-compatible:llama3.2:3b" });
    const answer = await ai.generateText(hello);
    expect(answer).toMatchObject({ text: "Echo: hello there", model: "openai-compatible:llama3.2:3b" });
    expect(fakes.other.calls("chat")[0]!.body.model).toBe("llama3.2:3b");
  });
});

describe("retries", () => {
  it("gives up on a slow answer after the timeout and retries", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai:gpt-test" });
    fakes.good.script("chat", { delayMs: 5000 });
    const started = Date.now();
    const answer = await ai.generateText(hello);
    expect(answer.text).toBe("Echo: hello there");
    expect(fakes.good.calls("chat")).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(4500); // the first answer would have taken 5 s
  });

  it("waits what Retry-After asks on a 429, then succeeds", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai:gpt-test" });
    fakes.good.script("chat", { status: 429, headers: { "retry-after": "1" } });
    const answer = await ai.generateText(hello);
    expect(answer.text).toBe("Echo: hello there");
    const [first, second] = fakes.good.calls("chat");
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it("retries 500s and malformed bodies", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai:gpt-test" });
    fakes.good.script("chat", { status: 500 }, { malformed: true });
    const answer = await ai.generateText(hello);
    expect(answer.text).toBe("Echo: hello there");
    expect(fakes.good.calls("chat")).toHaveLength(3);
  });
});

describe("fallback", () => {
  it("moves to the next model when one keeps failing", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai-compatible:broken,openai:gpt-test" });
    fakes.other.script("chat", { status: 503 }, { status: 502 }, { status: 500 });
    const answer = await ai.generateText(hello);
    expect(answer).toMatchObject({ model: "openai:gpt-test", provider: "openai" });
    expect(fakes.other.calls("chat")).toHaveLength(3);
  });

  it("does not retry a refused key, and does not wait for a Retry-After beyond the limit", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai-compatible:a,openai:gpt-test" });
    fakes.other.script("chat", { status: 401 });
    expect((await ai.generateText(hello)).model).toBe("openai:gpt-test");
    expect(fakes.other.calls("chat")).toHaveLength(1);

    fakes.other.requests.length = 0;
    fakes.other.script("chat", { status: 429, headers: { "retry-after": "3600" } });
    const started = Date.now();
    expect((await ai.generateText(hello)).model).toBe("openai:gpt-test");
    expect(Date.now() - started).toBeLessThan(5000); // not the hour it asked for
    expect(fakes.other.calls("chat")).toHaveLength(1);
  });

  it("falls back before the first streamed piece when a stream starts malformed", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai-compatible:a,openai:gpt-test" });
    fakes.other.script(
      "chat",
      { malformedStream: true },
      { malformedStream: true },
      { malformedStream: true },
    );
    const stream = await ai.streamText(hello);
    let text = "";
    for await (const piece of stream.textStream) text += piece;
    expect(text).toBe("Echo: hello there");
    expect(stream.model).toBe("openai:gpt-test");
  });

  it("does not fall back once text has been streamed: a cut or stalled stream ends with an error", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai:gpt-test,openai-compatible:b" });
    fakes.good.reply = () => "one two three four five";
    for (const ending of ["cut", "stall"] as const) {
      fakes.good.script("chat", { streamPieces: 2, ending });
      const stream = await ai.streamText(hello);
      const pieces: string[] = [];
      const failure = await (async () => {
        for await (const piece of stream.textStream) pieces.push(piece);
      })().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(Error);
      expect(pieces.join("")).toBe("one two ");
      await expect(stream.result).rejects.toBeInstanceOf(Error);
    }
    expect(fakes.other.calls("chat")).toHaveLength(0);
  });

  it("cancels the request when the reader stops early", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai:gpt-test" });
    fakes.good.reply = () => "one two three four five six seven eight";
    fakes.good.script("chat", { streamPieces: 2, ending: "stall" });
    const stream = await ai.streamText(hello);
    for await (const piece of stream.textStream) {
      expect(piece).toBe("one ");
      break;
    }
    await expect(stream.result).rejects.toThrow("the stream was not read to its end");
  });

  it("fails with a clear reason per model when every model fails", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai-compatible:a,openai:gpt-test" });
    fakes.other.script("chat", { status: 500 }, { status: 500 }, { status: 500 });
    fakes.good.script("chat", { status: 401 });
    const error = await ai.generateText(hello).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AiUnavailableError);
    expect((error as Error).message).toBe(
      "every text model failed: openai-compatible:a had a server error (500) (3 tries); " +
        "openai:gpt-test refused the credentials (401)",
    );
  });

  it("says the built-in engine cannot write free text, and refuses a model that is not configured", async () => {
    const ai = fakes.service({});
    await expect(ai.generateText(hello)).rejects.toThrow(
      "every text model failed: builtin:writer cannot write free text (the built-in engine has no language model)",
    );
    await expect(ai.generateText({ ...hello, model: "openai:gpt-5" })).rejects.toBeInstanceOf(
      ModelNotConfiguredError,
    );
  });
});
