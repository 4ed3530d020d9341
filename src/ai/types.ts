// The contract between the AI provider layer (registry, providers, built-in engine) and the features
// that use it (image jobs, writing help, alt text, embeddings, the assistant). Features call an
// `AiService`; they never import a provider or the AI SDK directly.

export type AiCapability = "text" | "image" | "embedding" | "vision";

/** One configured model, as listed by GET /api/v1/ai/models. */
export interface AiModelInfo {
  /** `provider:model`, e.g. `openai:gpt-image-1`, `builtin:sketch`. */
  id: string;
  provider: string;
  capabilities: AiCapability[];
}

export interface ImageSize {
  width: number;
  height: number;
}

export interface ImageGenerationRequest {
  prompt: string;
  /** How many images (1..4). */
  n: number;
  size: ImageSize;
  /** Same prompt + seed + model → same picture where the model allows it (the built-in one always). */
  seed: number;
  /** A style word such as "watercolor", "pixel", "photo"; providers fold it into the prompt. */
  style?: string;
  /** Image-to-image source (a remix), encoded PNG/JPEG/WebP; ignored by models that cannot use it. */
  sourceImage?: Uint8Array;
  /** `provider:model` to use instead of the configured default list. */
  model?: string;
  signal?: AbortSignal;
  /** 0..1 as the generation advances. */
  onProgress?: (fraction: number) => void;
}

export interface GeneratedImages {
  /** Encoded images (PNG unless the provider returned another format). */
  images: Uint8Array[];
  /** `provider:model` that produced them (after any fallback). */
  model: string;
  provider: string;
  usage?: AiUsage;
}

export interface AiUsage {
  inputTokens?: number;
  outputTokens?: number;
  images?: number;
  /** Estimated cost in US dollars, where the model's price is known. */
  costUsd?: number;
}

/** A model refused, or every configured model failed; `reason` is safe to show to the person. */
export class AiUnavailableError extends Error {
  override name = "AiUnavailableError";
}

/** A prompt or output was refused by moderation; `reason` says why in plain words. */
export class AiRefusedError extends Error {
  override name = "AiRefusedError";
}

export interface ModerationVerdict {
  flagged: boolean;
  /** Plain-words reason when flagged, e.g. "the prompt mentions graphic violence". */
  reason?: string;
}

/**
 * What features use. Built once by the composition root (`createAiService` in registry.ts) from the
 * config; the built-in engine answers whatever no configured provider does. Methods grow as features
 * land (text, embeddings, vision); each one tries the capability's models in order (fallback list).
 */
export interface AiService {
  models(): AiModelInfo[];
  generateImages(request: ImageGenerationRequest): Promise<GeneratedImages>;
  /** Checks a prompt or generated text (OpenAI moderation when configured, else the blocklist). */
  moderate(text: string, signal?: AbortSignal): Promise<ModerationVerdict>;
  /**
   * Checks a generated image with OpenAI's moderation model when it is configured. Without it
   * nothing can judge pixels offline: the verdict is "not flagged" (the prompt was checked before).
   */
  moderateImage(image: Uint8Array, mediaType: string, signal?: AbortSignal): Promise<ModerationVerdict>;
  /** Free text from the text models. The built-in engine cannot write free text: AiUnavailableError. */
  generateText(request: TextGenerationRequest): Promise<GeneratedText>;
  /**
   * The same, streamed. Fallback happens only before the first piece of text arrives; after that a
   * failure rejects `result` (and ends `textStream` with the error).
   */
  streamText(request: TextGenerationRequest): Promise<TextStream>;
  /** One vector per text, from the embedding models (built-in: hashed TF-IDF, see builtin/embeddings.ts). */
  embed(request: EmbeddingRequest): Promise<Embeddings>;
  /** Alt text for an image: the vision model, or what the built-in engine can honestly say (a draft). */
  describeImage(request: ImageDescriptionRequest): Promise<ImageDescription>;
  /** Writing help: a text model rewrites in the tone, or harper.js + style rules offline. */
  improveText(request: TextImprovementRequest): Promise<ImprovedText>;
  /**
   * One assistant turn with tools, multi-step (see providers/agent.ts): tools with `execute` run at
   * once and the model goes on; a call to a tool without `execute` ends the turn as pending (the
   * person confirms it first). The built-in engine cannot: AiUnavailableError.
   */
  runAgent(request: AgentRequest): Promise<AgentRun>;
}

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface TextGenerationRequest {
  /** Instructions for the model (kept apart from the conversation). */
  system?: string;
  messages: ChatMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  /** `provider:model` to use instead of the configured list (must be one of the configured models). */
  model?: string;
  signal?: AbortSignal;
}

export interface GeneratedText {
  text: string;
  model: string;
  provider: string;
  usage?: AiUsage;
}

export interface TextStream {
  model: string;
  provider: string;
  /** Text deltas as they arrive (the first one has already been received when this resolves). */
  textStream: AsyncIterable<string>;
  /** The whole text and usage, once textStream has been read to its end (rejects if it failed). */
  result: Promise<GeneratedText>;
}

export interface EmbeddingRequest {
  texts: string[];
  model?: string;
  signal?: AbortSignal;
}

export interface Embeddings {
  /** One vector per input text, in order; vectors from different models are not comparable. */
  vectors: number[][];
  dimensions: number;
  model: string;
  provider: string;
  usage?: AiUsage;
}

export interface ImageDescriptionRequest {
  /** Encoded image (PNG, JPEG, WebP…). */
  image: Uint8Array;
  mediaType: string;
  /** The prompt a generated image was made from, when known: described from it. */
  generationPrompt?: string;
  signal?: AbortSignal;
}

export interface ImageDescription {
  description: string;
  model: string;
  provider: string;
  /** True when the text is a starting point the author should edit (the built-in engine's). */
  draft: boolean;
  usage?: AiUsage;
}

export type WritingTone = "clearer" | "friendlier" | "shorter" | "more_formal";

export interface TextImprovementRequest {
  text: string;
  tone?: WritingTone;
  signal?: AbortSignal;
}

/** One proposed edit; offset and length count UTF-16 code units of the original text (JS indices). */
export interface TextSuggestion {
  offset: number;
  length: number;
  replacement: string;
  message: string;
}

export interface ImprovedText {
  /** The text with every suggestion applied. */
  text: string;
  suggestions: TextSuggestion[];
  model: string;
  provider: string;
  usage?: AiUsage;
}

/** A tool the assistant's model may call; `inputSchema` is a JSON Schema object. */
export interface AgentTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** Runs the tool (read tools); absent for tools that wait for the person's confirmation. */
  execute?: (input: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;
}

export interface AgentToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface AgentToolResult {
  id: string;
  name: string;
  output: unknown;
  isError?: boolean;
}

/**
 * The conversation so far: plain messages, an earlier turn's transcript as runAgent returned it
 * (opaque to callers), and results of tool calls that were pending (confirmed, failed or cancelled).
 */
export type AgentHistoryItem = ChatMessage | { transcript: unknown[] } | { toolResults: AgentToolResult[] };

export interface AgentRequest {
  system: string;
  history: AgentHistoryItem[];
  tools: AgentTool[];
  /** Model calls in this turn (each tool round is one). */
  maxSteps: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export type AgentEvent =
  | { type: "text"; text: string }
  | ({ type: "tool_call" } & AgentToolCall)
  | ({ type: "tool_result" } & AgentToolResult);

export interface AgentResult {
  text: string;
  /** This turn's messages in the provider layer's own form, to pass back as history later. */
  transcript: unknown[];
  /** Calls to tools without `execute`, waiting for the person. */
  pending: AgentToolCall[];
  model: string;
  provider: string;
  usage?: AiUsage;
}

export interface AgentRun {
  model: string;
  provider: string;
  /** Text deltas, tool calls and tool results as they happen; ends when the turn does. */
  events: AsyncIterable<AgentEvent>;
  /** Settles after `events` has been read to the end. */
  result: Promise<AgentResult>;
}
