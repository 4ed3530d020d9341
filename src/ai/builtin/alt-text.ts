// The built-in "vision" model `builtin:describe`. It cannot see what a picture shows, so it says only
// what it can measure: orientation, size, brightness and the main colours (sharp), marked as a
// draft for the author to finish. A generated image is described from the prompt it was made from.
import sharp from "sharp";

export const DRAFT_PREFIX = "Draft: ";

/** A small named palette; each sampled colour takes the name of its nearest entry. */
const NAMED_COLOURS: Array<[string, [number, number, number]]> = [
  ["black", [15, 15, 15]],
  ["dark grey", [70, 70, 70]],
  ["grey", [128, 128, 128]],
  ["light grey", [190, 190, 190]],
  ["white", [245, 245, 245]],
  ["red", [200, 30, 30]],
  ["dark red", [120, 15, 20]],
  ["pink", [240, 150, 180]],
  ["orange", [240, 130, 30]],
  ["brown", [120, 75, 40]],
  ["beige", [220, 200, 160]],
  ["yellow", [240, 220, 40]],
  ["olive", [128, 128, 30]],
  ["green", [40, 160, 60]],
  ["dark green", [20, 80, 35]],
  ["light green", [150, 220, 130]],
  ["teal", [20, 130, 130]],
  ["turquoise", [60, 210, 200]],
  ["light blue", [140, 190, 240]],
  ["blue", [40, 80, 210]],
  ["navy", [20, 30, 90]],
  ["purple", [120, 50, 160]],
  ["lavender", [190, 160, 230]],
  ["magenta", [210, 40, 170]],
];

export function nameColour(rgb: readonly [number, number, number]): string {
  let best = NAMED_COLOURS[0]!;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const entry of NAMED_COLOURS) {
    // Weighted RGB distance ("redmean"), close enough to perception for naming.
    const [r, g, b] = entry[1];
    const mean = (rgb[0] + r) / 2;
    const d =
      (2 + mean / 256) * (rgb[0] - r) ** 2 +
      4 * (rgb[1] - g) ** 2 +
      (2 + (255 - mean) / 256) * (rgb[2] - b) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = entry;
    }
  }
  return best[0];
}

export interface ImageFacts {
  width: number;
  height: number;
  orientation: "landscape" | "portrait" | "square";
  /** Colour names with their share of the picture, largest first (at least 8% each). */
  colours: Array<{ name: string; share: number }>;
  /** 0 (black) .. 1 (white), mean luminance. */
  brightness: number;
}

/** Measures the picture: a 48×48 sample is enough to name its main colours. */
export async function measureImage(bytes: Uint8Array): Promise<ImageFacts> {
  const image = sharp(bytes, { limitInputPixels: 8192 * 8192 });
  const meta = await image.metadata();
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const { data, info } = await sharp(bytes, { limitInputPixels: 8192 * 8192 })
    .rotate()
    .flatten({ background: "#ffffff" })
    .removeAlpha()
    .resize(48, 48, { fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const counts = new Map<string, number>();
  let luminance = 0;
  const pixels = info.width * info.height;
  for (let i = 0; i < data.length; i += info.channels) {
    const rgb: [number, number, number] = [data[i]!, data[i + 1]!, data[i + 2]!];
    const name = nameColour(rgb);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    luminance += (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
  }
  const colours = [...counts.entries()]
    .map(([name, count]) => ({ name, share: count / pixels }))
    .filter((c) => c.share >= 0.08)
    .sort((a, b) => b.share - a.share)
    .slice(0, 3);
  const ratio = width / Math.max(1, height);
  const orientation = ratio > 1.1 ? "landscape" : ratio < 0.9 ? "portrait" : "square";
  return { width, height, orientation, colours, brightness: luminance / pixels };
}

export function describeFacts(facts: ImageFacts): string {
  const tone = facts.brightness < 0.25 ? "dark " : facts.brightness > 0.8 ? "bright " : "";
  const colours = facts.colours.map((c) => c.name);
  const palette =
    colours.length === 0
      ? "with many colours"
      : colours.length === 1
        ? `mostly ${colours[0]}`
        : `mostly ${colours.slice(0, -1).join(", ")} and ${colours.at(-1)}`;
  return (
    `${DRAFT_PREFIX}a ${tone}${facts.orientation} image (${facts.width} × ${facts.height} pixels), ${palette}. ` +
    "Please describe what it shows."
  );
}

/** Alt text for a generated image, from its prompt. */
export function describeFromPrompt(prompt: string): string {
  const clean = prompt
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.!]+$/, "");
  return `AI-generated image of ${clean}.`;
}

export async function describeBuiltin(
  bytes: Uint8Array,
  generationPrompt?: string,
): Promise<{ description: string; draft: boolean }> {
  if (generationPrompt?.trim()) return { description: describeFromPrompt(generationPrompt), draft: false };
  return { description: describeFacts(await measureImage(bytes)), draft: true };
}
