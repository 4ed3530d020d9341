import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { ImageGenerationRequest } from "../types.ts";
import { renderBuiltinImages } from "./image-renderer.ts";

const base: ImageGenerationRequest = { prompt: "", n: 1, size: { width: 320, height: 240 }, seed: 42 };

async function render(prompt: string, extra: Partial<ImageGenerationRequest> = {}, model = "builtin:sketch") {
  return renderBuiltinImages({ ...base, prompt, ...extra }, model);
}

async function pixels(png: Uint8Array) {
  return sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

/** Hue in degrees of an RGB colour (0 = red, 120 = green, 240 = blue). */
function hue({ r, g, b }: { r: number; g: number; b: number }): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 0;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

const hueDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

describe("the built-in image renderer", () => {
  it("gives identical pixels for the same prompt and seed, and different ones for another seed", async () => {
    const prompt = "a cat on a hill by the sea at sunset, watercolor";
    const [first] = await render(prompt);
    const [again] = await render(prompt);
    const [other] = await render(prompt, { seed: 43 });
    const a = await pixels(first!);
    expect(a.data.equals((await pixels(again!)).data)).toBe(true);
    expect(a.data.equals((await pixels(other!)).data)).toBe(false);
  });

  it("renders PNGs at the requested size, n of them, each a variation", async () => {
    const images = await render("mountains under the stars", { n: 3, size: { width: 400, height: 200 } });
    expect(images).toHaveLength(3);
    for (const png of images) {
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", 400, 200]);
    }
    const [one, two] = await Promise.all(images.slice(0, 2).map(pixels));
    expect(one!.data.equals(two!.data)).toBe(false);
  });

  it("follows colour words: red and blue give a red and a blue dominant hue", async () => {
    for (const seed of [1, 2, 3]) {
      const [red] = await render("a red landscape with hills", { seed });
      const [blue] = await render("a blue landscape with hills", { seed });
      const redHue = hue((await sharp(red!).stats()).dominant);
      const blueHue = hue((await sharp(blue!).stats()).dominant);
      expect(hueDistance(redHue, 0), `red prompt, seed ${seed}: dominant hue ${redHue}`).toBeLessThan(30);
      expect(hueDistance(blueHue, 220), `blue prompt, seed ${seed}: dominant hue ${blueHue}`).toBeLessThan(
        35,
      );
    }
  });

  it("follows mood words: a stormy night is darker than a happy sunny day", async () => {
    const mean = async (png: Uint8Array) => {
      const { channels } = await sharp(png).stats();
      return (channels[0]!.mean + channels[1]!.mean + channels[2]!.mean) / 3;
    };
    const [storm] = await render("a stormy night over the city");
    const [day] = await render("a happy sunny day over the city");
    expect(await mean(storm!)).toBeLessThan((await mean(day!)) - 40);
  });

  it("adds motifs for subject words (the picture changes where the motif stands)", async () => {
    const [plain] = await render("a quiet hill", { seed: 5 });
    const [withCat] = await render("a quiet hill with a cat", { seed: 5 });
    const a = await pixels(plain!);
    const b = await pixels(withCat!);
    let changed = 0;
    for (let i = 0; i < a.data.length; i += 3) if (Math.abs(a.data[i]! - b.data[i]!) > 24) changed++;
    // A cat is a large foreground figure: a good share of the frame differs.
    expect(changed / (a.data.length / 3)).toBeGreaterThan(0.05);
  });

  it("draws pixel art with hard edges and a small palette", async () => {
    const [png] = await render("a castle by the sea", { style: "pixel" });
    const { data } = await pixels(png!);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 3)
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    expect(colours.size).toBeLessThanOrEqual(16);
  });

  it("reports progress up to 1, in order", async () => {
    const seen: number[] = [];
    await render("a flower", { n: 2, onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
  });

  it("builtin:blank is one flat colour that still follows colour words", async () => {
    const [png] = await render("something green", {}, "builtin:blank");
    const stats = await sharp(png!).stats();
    expect(stats.channels.every((c) => c.min === c.max)).toBe(true);
    expect(hueDistance(hue(stats.dominant), 125)).toBeLessThan(30);
  });

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(render("a cat", { signal: controller.signal })).rejects.toThrow("stop");
  });
});
