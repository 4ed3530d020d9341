// The web app's AI client code against a real server: the assistant's server-sent events read
// back into the reply (whole, and cut into awkward chunks), and writing suggestions applied to
// the text they were made for give exactly the server's improved text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Improvement } from "../../web/src/api/ai.ts";
import { type ReplyEvent, readReplyEvents } from "../../web/src/api/assistant.ts";
import { applySuggestions, contextOf } from "../../web/src/components/composer/apply-suggestions.ts";
import { api } from "../support/ai-images.ts";
import { newConversation } from "../support/assistant.ts";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

describe("the web app's AI client", () => {
  let server: TestServer;
  let alice: UserSession;
  beforeAll(async () => {
    server = (await startTestServer())!;
    alice = await registerUser(server.url, "alice");
  });
  afterAll(() => server?.stop());

  async function streamedBody(content: string): Promise<string> {
    const id = await newConversation(server.url, alice.token);
    const res = await fetch(`${server.url}/api/v1/ai/conversations/${id}/messages`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${alice.token}`,
        "Content-Type": "application/json",
        Accept: "text/event-stream",
      },
      body: JSON.stringify({ content }),
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    return res.text();
  }

  /** The body as a Response whose stream delivers it in `size`-character pieces. */
  function chunked(body: string, size: number, crlf = false): Response {
    const text = crlf ? body.replace(/\n/g, "\r\n") : body;
    const encoder = new TextEncoder();
    let at = 0;
    return new Response(
      new ReadableStream({
        pull(controller) {
          if (at >= text.length) return controller.close();
          controller.enqueue(encoder.encode(text.slice(at, at + size)));
          at += size;
        },
      }),
    );
  }

  it("reads the assistant's reply stream into text, tool calls and the final message, however it is cut", async () => {
    const body = await streamedBody("post Hello from the web client test");

    for (const [size, crlf] of [
      [body.length, false],
      [7, false],
      [1, true],
    ] as const) {
      const events: ReplyEvent[] = [];
      await readReplyEvents(chunked(body, size, crlf), (event) => events.push(event));
      const text = events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join("");
      const final = events.at(-1);
      expect(final?.type).toBe("message");
      if (final?.type !== "message") return;
      expect(text).toBe(final.message.content);
      expect(final.message.model).toBe("builtin:assistant");
      const call = events.find((e) => e.type === "tool_call");
      expect(call?.type === "tool_call" && call.call).toMatchObject({
        name: "post_status",
        requires_confirmation: true,
        arguments: { text: "Hello from the web client test" },
      });
    }
  });

  it("turns an `error` event into a rejection with the server's words", async () => {
    const body =
      'event: text\ndata: {"delta":"Half an ans"}\n\nevent: error\ndata: {"error":"AI is unavailable: down"}\n\n';
    const deltas: string[] = [];
    await expect(
      readReplyEvents(chunked(body, 5), (e) => e.type === "text" && deltas.push(e.delta)),
    ).rejects.toThrow("AI is unavailable: down");
    expect(deltas).toEqual(["Half an ans"]);
  });

  it("applies every suggestion to get the server's improved text, and a chosen few on their own", async () => {
    const original = "i has a apple. its very good and i want to to share it";
    const { status, json } = await api(server.url, alice.token, "POST", "/api/v1/ai/compose/improve", {
      text: original,
      tone: "friendlier",
    });
    expect(status).toBe(200);
    const improvement = json as unknown as Improvement;
    expect(improvement.suggestions.length).toBeGreaterThan(3);
    expect(applySuggestions(original, improvement.suggestions)).toBe(improvement.text);
    const [first, second] = improvement.suggestions;
    expect(applySuggestions(original, [first!])).toBe(`I${original.slice(1)}`);
    expect(applySuggestions(original, [second!, first!])).toMatch(/^I have a apple/);
    expect(applySuggestions(original, [])).toBe(original);
    expect(contextOf(original, second!, 6)).toEqual({ before: "i ", after: " a app…" });
  });

  it("skips a suggestion that overlaps one already applied", () => {
    const text = "colour colour";
    const s = (offset: number, length: number, replacement: string) => ({
      offset,
      length,
      replacement,
      message: "",
    });
    expect(applySuggestions(text, [s(0, 6, "color"), s(3, 5, "X"), s(7, 6, "color")])).toBe("color color");
  });
});
