// Rough list prices (US dollars) for estimating what a request cost; unknown models report no cost
// rather than a made-up one. Prices change: this is for the usage overview, not for billing.

/** Per image at the standard quality and size. */
const IMAGE_PRICES: Record<string, number> = {
  "openai:gpt-image-1": 0.042,
  "openai:gpt-image-1-mini": 0.011,
  "openai:dall-e-3": 0.04,
  "openai:dall-e-2": 0.02,
  "google:gemini-2.5-flash-image": 0.039,
};

/** Per million tokens: [input, output]. */
const TEXT_PRICES: Record<string, [number, number]> = {
  "openai:gpt-4.1": [2, 8],
  "openai:gpt-4.1-mini": [0.4, 1.6],
  "openai:gpt-4.1-nano": [0.1, 0.4],
  "openai:gpt-4o": [2.5, 10],
  "openai:gpt-4o-mini": [0.15, 0.6],
  "openai:text-embedding-3-small": [0.02, 0],
  "openai:text-embedding-3-large": [0.13, 0],
  "google:gemini-2.5-flash": [0.3, 2.5],
  "google:gemini-2.5-flash-lite": [0.1, 0.4],
  "google:gemini-2.5-pro": [1.25, 10],
};

export function estimateImageCost(modelId: string, images: number): number | undefined {
  if (modelId.startsWith("builtin:") || modelId.startsWith("openai-compatible:")) return 0;
  const price = IMAGE_PRICES[modelId];
  return price === undefined ? undefined : round(price * images);
}

export function estimateTextCost(modelId: string, inputTokens = 0, outputTokens = 0): number | undefined {
  if (modelId.startsWith("builtin:") || modelId.startsWith("openai-compatible:")) return 0;
  const price = TEXT_PRICES[modelId];
  return price === undefined ? undefined : round((inputTokens * price[0] + outputTokens * price[1]) / 1e6);
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
