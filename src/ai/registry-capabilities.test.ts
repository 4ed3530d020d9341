// The provider layer's other capabilities against a real HTTP server speaking the OpenAI API
// (test/support/openai-server.ts): images as b64_json (fitted to the asked size), embeddings, vision,
// moderation, and the configuration that chooses the models. Text: registry.test.ts.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { FAST, fakeProvidersForFile } from "../../test/support/ai-service.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { createAiService } from "./registry.ts";

const fakes = fakeProvidersForFile();

describe("images, embeddings, vision, moderation", () => {
  it("generates images from b64_json at the nearest supported size, then fits them to the asked size", async () => {
    const ai = fakes.service({ AI_IMAGE_MODEL: "openai:gpt-image-1" });
    const result = await ai.generateImages({
      prompt: "a harbour",
      style: "watercolor",
      n: 2,
      size: { width: 600, height: 400 },
      seed: 7,
    });
    expect(result).toMatchObject({ model: "openai:gpt-image-1", provider: "openai" });
    expect(result.usage?.images).toBe(2);
    expect(result.usage?.costUsd).toBeGreaterThan(0);
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      const meta = await sharp(image).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", 600, 400]);
    }
    const [call] = fakes.good.calls("images");
    expect(call!.body).toMatchObject({
      model: "gpt-image-1",
      n: 2,
      size: "1536x1024",
      prompt: "a harbour, in watercolor style",
    });
  });

  it("sends a remix's source picture to the Images API's edits endpoint", async () => {
    const ai = fakes.service({ AI_IMAGE_MODEL: "openai:gpt-image-1" });
    const source = await sharp({ create: { width: 32, height: 32, channels: 3, background: "blue" } })
      .png()
      .toBuffer();
    const result = await ai.generateImages({
      prompt: "the same, at night",
      n: 1,
      size: { width: 256, height: 256 },
      seed: 1,
      sourceImage: source,
    });
    expect(result.images).toHaveLength(1);
    expect(fakes.good.calls("images")[0]!.path).toBe("/v1/images/edits");
  });

  it("falls back from a failing image model to the built-in renderer", async () => {
    const ai = fakes.service({ AI_IMAGE_MODEL: "openai:gpt-image-1,builtin:sketch" });
    fakes.good.script("images", { status: 500 }, { status: 500 }, { status: 500 });
    const result = await ai.generateImages({
      prompt: "a red boat",
      n: 1,
      size: { width: 64, height: 64 },
      seed: 1,
    });
    expect(result.model).toBe("builtin:sketch");
    const meta = await sharp(result.images[0]!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 64, 64]);
  });

  it("embeds through /embeddings", async () => {
    const ai = fakes.service({ AI_EMBEDDING_MODEL: "openai:text-embedding-3-small" });
    const result = await ai.embed({ texts: ["a cat", "a dog"] });
    expect(result).toMatchObject({ model: "openai:text-embedding-3-small", dimensions: 8 });
    expect(result.vectors).toHaveLength(2);
    expect(result.vectors[0]).not.toEqual(result.vectors[1]);
    expect(fakes.good.calls("embeddings")[0]!.body.input).toEqual(["a cat", "a dog"]);
  });

  it("describes an image with a vision model, sending the picture itself", async () => {
    const ai = fakes.service({ AI_VISION_MODEL: "openai:gpt-vision" });
    fakes.good.reply = () => "A red square on a white page.";
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "red" } })
      .png()
      .toBuffer();
    const result = await ai.describeImage({ image: png, mediaType: "image/png" });
    expect(result).toMatchObject({
      description: "A red square on a white page.",
      draft: false,
      model: "openai:gpt-vision",
      provider: "openai",
    });
    expect(result.usage?.inputTokens).toBe(12);
    const content = JSON.stringify(fakes.good.calls("chat")[0]!.body.messages);
    expect(content).toContain(`data:image/png;base64,${png.toString("base64")}`);
  });

  it("turns a model's rewrite into suggestions with offsets into the original", async () => {
    const ai = fakes.service({ AI_TEXT_MODEL: "openai:gpt-test" });
    const original = "Their going too the park tomorow. #parkLife";
    fakes.good.reply = () => "They're going to the park tomorrow. #ParkLife";
    const result = await ai.improveText({ text: original, tone: "clearer" });
    expect(result.text).toBe("They're going to the park tomorrow. #parkLife"); // hashtags stay as written
    expect(result.model).toBe("openai:gpt-test");
    const edits = result.suggestions.map((s) => [
      original.slice(s.offset, s.offset + s.length),
      s.replacement,
    ]);
    expect(edits).toEqual([
      ["Their", "They're"],
      ["too", "to"],
      ["tomorow", "tomorrow"],
    ]);
  });

  it("moderates with OpenAI's endpoint, and the blocklist before it", async () => {
    const ai = fakes.service({ AI_MODERATION: "openai", AI_BLOCKLIST: "forbidden thing" });
    expect(await ai.moderate("a massacre in the streets")).toEqual({
      flagged: true,
      reason: "it was flagged for graphic violence",
    });
    expect(await ai.moderate("a quiet harbour at dawn")).toEqual({ flagged: false });
    expect(fakes.good.calls("moderations")[0]!.body).toEqual({
      model: "omni-moderation-latest",
      input: "a massacre in the streets",
    });
    fakes.good.requests.length = 0;
    expect((await ai.moderate("a Forbidden   Thing!")).reason).toBe(
      'it contains "forbidden thing", which this server does not allow',
    );
    expect(fakes.good.calls("moderations")).toHaveLength(0);
  });

  it("retries moderation on 429 and 500, and fails clearly when it stays down", async () => {
    const ai = fakes.service({ AI_MODERATION: "openai" }, { ...FAST, retries: 1 });
    fakes.good.script("moderations", { status: 429, headers: { "retry-after-ms": "50" } });
    expect(await ai.moderate("a boat")).toEqual({ flagged: false });
    fakes.good.script("moderations", { status: 500 }, { malformed: true });
    await expect(ai.moderate("a boat")).rejects.toThrow(
      /every moderation model failed: openai:omni-moderation-latest failed \(the moderation answer is not JSON\) \(2 tries\)/,
    );
  });

  it("uses only the blocklist without OpenAI, and AI_BLOCKLIST=none turns it off", async () => {
    const blocklist = createAiService(loadConfig({ AI_BLOCKLIST: "dragon" }));
    expect((await blocklist.moderate("a DRAGON")).flagged).toBe(true);
    expect((await blocklist.moderate("dragonfly")).flagged).toBe(false);
    expect((await blocklist.moderate("csam")).flagged).toBe(false); // the list replaces the default
    expect((await createAiService(loadConfig({})).moderate("csam")).flagged).toBe(true);
    expect((await createAiService(loadConfig({ AI_BLOCKLIST: "none" })).moderate("csam")).flagged).toBe(
      false,
    );
  });
});

describe("configuration", () => {
  it("lists the configured models, with the built-in engine for what is not configured", () => {
    const ai = fakes.service({
      AI_TEXT_MODEL: "openai:gpt-test,builtin:writer",
      AI_VISION_MODEL: "openai:gpt-test",
    });
    expect(ai.models()).toEqual([
      { id: "openai:gpt-test", provider: "openai", capabilities: ["text", "vision"] },
      { id: "builtin:writer", provider: "builtin", capabilities: ["text"] },
      { id: "builtin:sketch", provider: "builtin", capabilities: ["image"] },
      { id: "builtin:hashed-tfidf", provider: "builtin", capabilities: ["embedding"] },
    ]);
  });

  it("refuses an unknown provider, a missing key or an unknown built-in model, naming the variable", () => {
    const make = (env: Record<string, string>) => () => createAiService(loadConfig(env));
    expect(make({ AI_TEXT_MODEL: "acme:big" })).toThrow(ConfigError);
    expect(make({ AI_TEXT_MODEL: "acme:big" })).toThrow(/AI_TEXT_MODEL: "acme:big": unknown provider "acme"/);
    expect(make({ AI_IMAGE_MODEL: "google:gemini-2.5-flash-image" })).toThrow(
      /AI_IMAGE_MODEL: google:gemini-2.5-flash-image needs GOOGLE_GENERATIVE_AI_API_KEY/,
    );
    expect(make({ AI_EMBEDDING_MODEL: "builtin:bert" })).toThrow(
      /the built-in embedding model is builtin:hashed-tfidf/,
    );
    expect(make({ AI_MODERATION: "openai" })).toThrow(/AI_MODERATION: openai needs OPENAI_API_KEY/);
    expect(make({ AI_RETRIES: "lots" })).toThrow(/AI_RETRIES: must be a whole number from 0 to 10/);
    expect(make({ AI_MODERATION: "strict" })).toThrow(/AI_MODERATION: must be auto, openai or blocklist/);
    expect(make({ OPENAI_COMPATIBLE_BASE_URL: "localhost:11434" })).toThrow(
      /OPENAI_COMPATIBLE_BASE_URL: must be a URL/,
    );
  });
});
