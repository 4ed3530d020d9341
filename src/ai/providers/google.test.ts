// Google Gemini is a paid cloud API with no local stand-in, so this test replaces fetch at the very
// edge: it checks the requests Atelier sends (endpoints, key, prompt, aspect ratio) and that real
// response shapes come back as text, images and vectors.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { createAiService } from "../registry.ts";

interface Sent {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
}

async function geminiFetch(sent: Sent[]) {
  const png = await sharp({ create: { width: 1024, height: 768, channels: 3, background: "teal" } })
    .png()
    .toBuffer();
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const body = JSON.parse(String(init?.body ?? "{}")) as Record<string, unknown>;
    sent.push({ url, headers: new Headers(init?.headers), body });
    const json = (value: unknown) =>
      new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });
    const usageMetadata = { promptTokenCount: 9, candidatesTokenCount: 4, totalTokenCount: 13 };
    if (url.endsWith(":batchEmbedContents")) {
      const requests = body.requests as unknown[];
      return json({ embeddings: requests.map((_, i) => ({ values: [i, 0.5, 0.25] })) });
    }
    if (url.includes("gemini-2.5-flash-image:generateContent")) {
      return json({
        candidates: [
          {
            content: {
              role: "model",
              parts: [{ inlineData: { mimeType: "image/png", data: png.toString("base64") } }],
            },
            finishReason: "STOP",
          },
        ],
        usageMetadata,
      });
    }
    if (url.endsWith(":generateContent")) {
      return json({
        candidates: [
          { content: { role: "model", parts: [{ text: "Hello from Gemini" }] }, finishReason: "STOP" },
        ],
        usageMetadata,
      });
    }
    return new Response(JSON.stringify({ error: { code: 404, message: "not found" } }), { status: 404 });
  }) as typeof fetch;
}

describe("Google Gemini provider", () => {
  it("sends text, image and embedding requests to Gemini's endpoints and reads their answers", async () => {
    const sent: Sent[] = [];
    const ai = createAiService(
      loadConfig({
        GOOGLE_GENERATIVE_AI_API_KEY: "g-key",
        AI_TEXT_MODEL: "google:gemini-2.5-flash",
        AI_IMAGE_MODEL: "google:gemini-2.5-flash-image",
        AI_EMBEDDING_MODEL: "google:gemini-embedding-001",
      }),
      { fetch: await geminiFetch(sent) },
    );

    const text = await ai.generateText({ messages: [{ role: "user", content: "hi" }] });
    expect(text).toMatchObject({
      text: "Hello from Gemini",
      model: "google:gemini-2.5-flash",
      provider: "google",
    });
    expect(text.usage).toMatchObject({ inputTokens: 9, outputTokens: 4 });
    expect(sent[0]!.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
    );
    expect(sent[0]!.headers.get("x-goog-api-key")).toBe("g-key");

    const images = await ai.generateImages({
      prompt: "a teal sea",
      n: 1,
      size: { width: 400, height: 300 },
      seed: 5,
    });
    expect(images.model).toBe("google:gemini-2.5-flash-image");
    const meta = await sharp(images.images[0]!).metadata();
    expect([meta.width, meta.height]).toEqual([400, 300]);
    const imageRequest = sent.find((s) => s.url.includes("flash-image"))!;
    expect(JSON.stringify(imageRequest.body)).toContain("a teal sea");
    expect(JSON.stringify(imageRequest.body)).toContain('"aspectRatio":"4:3"');

    const vectors = await ai.embed({ texts: ["one", "two"] });
    expect(vectors).toMatchObject({ model: "google:gemini-embedding-001", dimensions: 3 });
    expect(vectors.vectors).toEqual([
      [0, 0.5, 0.25],
      [1, 0.5, 0.25],
    ]);
  });
});
