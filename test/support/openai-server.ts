// A real HTTP server (node:http on a free port) that speaks the parts of the OpenAI API Atelier
// uses: chat completions (plain and streamed as server-sent events), images (b64_json),
// embeddings and moderations. Tests script failures per endpoint — an error status with headers,
// a slow answer, a malformed body, a stream that breaks — which are served in order before the
// endpoint answers normally again. Every request is recorded.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";

export type Endpoint = "chat" | "images" | "embeddings" | "moderations";

export type Behaviour =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { delayMs: number }
  | { malformed: true }
  /** Streams: the first chunk is malformed JSON. */
  | { malformedStream: true }
  /** Streams: after this many pieces of text the connection is cut, or (stall) goes silent. */
  | { streamPieces: number; ending: "cut" | "stall" };

/** A chat answer that calls tools, as a model deciding to use them would. */
export interface ScriptedTurn {
  text?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
}

export interface RecordedRequest {
  endpoint: Endpoint;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeOpenAi {
  /** Base URL including /v1, as OPENAI_BASE_URL expects. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Serves these behaviours, in order, to the next requests of `endpoint`. */
  script(endpoint: Endpoint, ...behaviours: Behaviour[]): void;
  /**
   * What the chat model answers (default: "Echo: " + the last user message): text, or a scripted
   * turn that calls tools (`{toolCalls: [{name, arguments}]}`, optionally with text before them).
   */
  reply: (body: Record<string, unknown>) => string | ScriptedTurn;
  /** Pause between streamed pieces of text (default 2 ms); longer lets a test watch a client render the stream as it comes. */
  pieceDelayMs: number;
  /** Requests of one endpoint. */
  calls(endpoint: Endpoint): RecordedRequest[];
  close(): Promise<void>;
}

const PATHS: Record<string, Endpoint> = {
  "/v1/chat/completions": "chat",
  "/v1/images/generations": "images",
  "/v1/images/edits": "images",
  "/v1/embeddings": "embeddings",
  "/v1/moderations": "moderations",
};

/** Words the fake moderation model flags, with the OpenAI category it reports. */
const FLAGGED_WORDS: Record<string, string> = { massacre: "violence/graphic", slur: "hate" };

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const scripts = new Map<Endpoint, Behaviour[]>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const fake: FakeOpenAi = {
    baseUrl: "",
    requests,
    script(endpoint, ...behaviours) {
      scripts.set(endpoint, [...(scripts.get(endpoint) ?? []), ...behaviours]);
    },
    reply: (body) => {
      const messages = body.messages as Array<{ role: string; content: unknown }>;
      const last = messages.filter((m) => m.role === "user").at(-1);
      const text = typeof last?.content === "string" ? last.content : JSON.stringify(last?.content);
      return `Echo: ${text}`;
    },
    calls: (endpoint) => requests.filter((r) => r.endpoint === endpoint),
    pieceDelayMs: 2,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? "").split("?")[0]!;
    const endpoint = PATHS[path];
    if (!endpoint) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `no route ${path}`, type: "invalid_request_error" } }));
      return;
    }
    let body: Record<string, unknown> = {};
    const raw = Buffer.concat(chunks);
    if ((req.headers["content-type"] ?? "").includes("json")) body = JSON.parse(raw.toString() || "{}");
    requests.push({ endpoint, path, headers: req.headers, body, at: Date.now() });
    const behaviour = scripts.get(endpoint)?.shift();
    if (behaviour && "delayMs" in behaviour) {
      await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      if (res.destroyed || req.socket.destroyed) return;
    }
    if (behaviour && "status" in behaviour) {
      res.writeHead(behaviour.status, { "content-type": "application/json", ...behaviour.headers });
      res.end(
        behaviour.body ??
          JSON.stringify({ error: { message: `scripted ${behaviour.status}`, type: "server_error" } }),
      );
      return;
    }
    if (behaviour && "malformed" in behaviour) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"choices": [ this is not json');
      return;
    }
    try {
      await answer(endpoint, body, res, fake, behaviour);
    } catch (err) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(err) } }));
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

async function answer(
  endpoint: Endpoint,
  body: Record<string, unknown>,
  res: http.ServerResponse,
  fake: FakeOpenAi,
  behaviour: Behaviour | undefined,
): Promise<void> {
  const json = (value: unknown) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  const created = Math.floor(Date.now() / 1000);
  switch (endpoint) {
    case "chat": {
      const scripted = fake.reply(body);
      const turn: ScriptedTurn = typeof scripted === "string" ? { text: scripted } : scripted;
      const text = turn.text ?? "";
      const toolCalls = (turn.toolCalls ?? []).map((call, index) => ({
        index,
        id: `call_${fake.requests.length}_${index}`,
        type: "function",
        function: { name: call.name, arguments: JSON.stringify(call.arguments) },
      }));
      const finishReason = toolCalls.length ? "tool_calls" : "stop";
      const usage = { prompt_tokens: 12, completion_tokens: text.split(/\s+/).length, total_tokens: 0 };
      usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const chunk = (delta: Record<string, unknown>, finish: string | null, extra = {}) =>
          `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
        if (behaviour && "malformedStream" in behaviour) {
          res.end('data: {"id": "chatcmpl-1", "choices": [ broken\n\n');
          return;
        }
        res.write(chunk({ role: "assistant", content: "" }, null));
        const pieces = text.match(/\S+\s*/g) ?? [];
        for (const [i, piece] of pieces.entries()) {
          if (behaviour && "streamPieces" in behaviour && i === behaviour.streamPieces) {
            if (behaviour.ending === "cut") res.socket?.destroy();
            return; // a stall: the connection stays open and silent until the client gives up
          }
          res.write(chunk({ content: piece }, null));
          await new Promise((resolve) => setTimeout(resolve, fake.pieceDelayMs));
        }
        for (const call of toolCalls) res.write(chunk({ tool_calls: [call] }, null));
        res.write(chunk({}, finishReason));
        res.write(
          `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", created, model: body.model, choices: [], usage })}\n\n`,
        );
        res.end("data: [DONE]\n\n");
        return;
      }
      json({
        id: "chatcmpl-1",
        object: "chat.completion",
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: text || null,
              ...(toolCalls.length ? { tool_calls: toolCalls.map(({ index: _i, ...call }) => call) } : {}),
            },
            finish_reason: finishReason,
          },
        ],
        usage,
      });
      return;
    }
    case "images": {
      const [width, height] = String(body.size ?? "1024x1024")
        .split("x")
        .map(Number) as [number, number];
      const n = Number(body.n ?? 1);
      const data = await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const png = await sharp({
            create: { width, height, channels: 3, background: { r: 200, g: 40 + i * 40, b: 40 } },
          })
            .png()
            .toBuffer();
          return { b64_json: png.toString("base64") };
        }),
      );
      json({ created, data, usage: { input_tokens: 10, output_tokens: 100, total_tokens: 110 } });
      return;
    }
    case "embeddings": {
      const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
      json({
        object: "list",
        model: body.model,
        data: inputs.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(text) })),
        usage: { prompt_tokens: inputs.length * 3, total_tokens: inputs.length * 3 },
      });
      return;
    }
    case "moderations": {
      const input = String(body.input ?? "").toLowerCase();
      const categories: Record<string, boolean> = { hate: false, violence: false, "violence/graphic": false };
      for (const [word, category] of Object.entries(FLAGGED_WORDS))
        if (input.includes(word)) categories[category] = true;
      const flagged = Object.values(categories).some(Boolean);
      json({ id: "modr-1", model: body.model, results: [{ flagged, categories, category_scores: {} }] });
      return;
    }
  }
}

/** Eight numbers from the text's letters: enough to tell inputs apart in tests. */
function fakeEmbedding(text: string): number[] {
  const vector = new Array(8).fill(0);
  for (let i = 0; i < text.length; i++) vector[i % 8] += text.charCodeAt(i) / 1000;
  return vector;
}

/** Environment that points Atelier's OpenAI provider at the fake, failing at once instead of retrying. */
export function fakeOpenAiEnv(fake: FakeOpenAi): Record<string, string> {
  return { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseUrl, AI_RETRIES: "0" };
}
