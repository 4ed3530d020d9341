// The drawing surface the built-in engine's motifs share: the scene's size, its horizon, palette and
// randomness, and a place to declare gradients and filters (<defs>) with unique ids.
import type { Palette } from "./palette.ts";
import type { Rng } from "./random.ts";
import type { PromptReading } from "./vocabulary.ts";

export interface Canvas {
  /** viewBox width (always 1000) and height (follows the requested aspect ratio). */
  width: number;
  height: number;
  /** Where the sky meets the land or sea. */
  horizon: number;
  palette: Palette;
  rng: Rng;
  reading: PromptReading;
  /** Adds a definition; returns its id for `url(#id)`. */
  define(make: (id: string) => string): string;
}

export function createCanvas(fields: Omit<Canvas, "define">, defs: string[]): Canvas {
  let counter = 0;
  return {
    ...fields,
    define(make) {
      const id = `d${counter++}`;
      defs.push(make(id));
      return id;
    },
  };
}

/** A number for SVG, rounded to one decimal (shorter markup, same picture). */
export const n = (value: number) => String(Math.round(value * 10) / 10);

export function linearGradient(
  canvas: Canvas,
  stops: [offset: number, colour: string, opacity?: number][],
  vertical = true,
): string {
  const id = canvas.define(
    (id) =>
      `<linearGradient id="${id}" x1="0" y1="0" x2="${vertical ? 0 : 1}" y2="${vertical ? 1 : 0}">${stops
        .map(([o, c, a]) => `<stop offset="${o}" stop-color="${c}" stop-opacity="${a ?? 1}"/>`)
        .join("")}</linearGradient>`,
  );
  return `url(#${id})`;
}

export function radialGradient(
  canvas: Canvas,
  stops: [offset: number, colour: string, opacity?: number][],
): string {
  const id = canvas.define(
    (id) =>
      `<radialGradient id="${id}">${stops
        .map(([o, c, a]) => `<stop offset="${o}" stop-color="${c}" stop-opacity="${a ?? 1}"/>`)
        .join("")}</radialGradient>`,
  );
  return `url(#${id})`;
}

/** A path through points, smoothed with quadratic curves between midpoints. */
export function smoothPath(points: [number, number][]): string {
  if (points.length < 2) return "";
  let d = `M${n(points[0]![0])},${n(points[0]![1])}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [x, y] = points[i]!;
    const [nx, ny] = points[i + 1]!;
    d += ` Q${n(x)},${n(y)} ${n((x + nx) / 2)},${n((y + ny) / 2)}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L${n(last[0])},${n(last[1])}`;
}
