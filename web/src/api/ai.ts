// Calls of the AI extension API (README "AI creation"): models, image generations, writing help,
// alt text, usage and apps. Same token and error handling as every other call.
import { api } from "./client.ts";
import type { MediaAttachment } from "./types.ts";

export interface AiModel {
  id: string;
  provider: string;
  capabilities: ("text" | "image" | "embedding" | "vision")[];
  builtin?: boolean;
}

export type GenerationState = "queued" | "running" | "succeeded" | "failed";

export interface ImageGeneration {
  id: string;
  state: GenerationState;
  progress: number;
  error?: string;
  prompt: string;
  n: number;
  size: string;
  style: string | null;
  seed: number;
  model: string | null;
  remix_of_id: string | null;
  media_attachments: MediaAttachment[];
}

export interface ImageRequest {
  prompt?: string;
  n?: number;
  size?: string;
  style?: string;
  remix_of_id?: string;
}

export interface Suggestion {
  offset: number;
  length: number;
  replacement: string;
  message: string;
}

export interface Improvement {
  text: string;
  suggestions: Suggestion[];
  model: string;
  hashtags?: string[];
}

export interface Description {
  description: string;
  model: string;
  /** The built-in engine's honest guess about an upload: for the author to check and edit. */
  draft: boolean;
  media_attachment: MediaAttachment;
}

export interface UsageRow {
  day: string;
  capability: string;
  model: string;
  provider: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  images: number;
  estimated_cost_usd: number;
}

export interface Usage {
  images_today: number;
  images_per_day: number | null;
  generations_in_progress: number;
  max_concurrent_generations: number | null;
  resets_at: string;
  usage: UsageRow[];
}

export interface AiApp {
  id: string;
  name: string;
  title: string | null;
  description: string | null;
  enabled: boolean;
}

/** How a model is named to people: the built-in engine says so rather than showing an id. */
export function modelLabel(model: string | null | undefined): string {
  if (!model) return "the default model";
  if (model.startsWith("builtin:")) return "the built-in engine";
  return model;
}

export const listModels = () => api<AiModel[]>("/api/v1/ai/models");

export const startImageGeneration = (input: ImageRequest) =>
  api<ImageGeneration>("/api/v1/ai/images", { method: "POST", body: input });

export const getImageGeneration = (id: string) => api<ImageGeneration>(`/api/v1/ai/images/${id}`);

export const improveText = (text: string, tone?: string) =>
  api<Improvement>("/api/v1/ai/compose/improve", {
    method: "POST",
    body: { text, ...(tone ? { tone } : {}) },
  });

export const describeMedia = (id: string) =>
  api<Description>(`/api/v1/ai/media/${id}/describe`, { method: "POST" });

export const getUsage = () => api<Usage>("/api/v1/ai/usage");

export const listApps = () => api<AiApp[]>("/api/v1/ai/apps");

export const setAppEnabled = (id: string, enabled: boolean) =>
  api<AiApp>(`/api/v1/ai/apps/${encodeURIComponent(id)}/${enabled ? "enable" : "disable"}`, {
    method: "POST",
  });
