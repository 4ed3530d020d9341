// Colour for the built-in engine: a scene palette from the prompt's colour words and mood, so "red"
// and "blue" give pictures whose dominant hue differs (sky and land both follow the first colour).
import type { Rng } from "./random.ts";
import type { ColourWord, Mood, Style } from "./vocabulary.ts";

export interface Hsl {
  h: number;
  s: number;
  l: number;
}

export interface Palette {
  skyTop: string;
  skyBottom: string;
  /** Glow near the horizon (sunsets, city lights). */
  horizon: string;
  far: string;
  mid: string;
  near: string;
  ground: string;
  water: string;
  waterDeep: string;
  /** Sun or moon body. */
  light: string;
  accent: string;
  accent2: string;
  cloud: string;
  /** Outlines and dark details. */
  ink: string;
  /** Lit windows, stars, highlights. */
  glow: string;
  /** The scene is dark (night, neon): lights show, silhouettes read against the sky. */
  dark: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const wrap = (h: number) => ((h % 360) + 360) % 360;

/** `#rrggbb` for an HSL colour (h in degrees, s and l 0..100). */
export function hex({ h, s, l }: Hsl): string {
  const sat = clamp(s, 0, 100) / 100;
  const light = clamp(l, 0, 100) / 100;
  const a = sat * Math.min(light, 1 - light);
  const channel = (n: number) => {
    const k = (n + wrap(h) / 30) % 12;
    const value = light - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

const shift = (c: Hsl, dh: number, ds: number, dl: number): Hsl => ({
  h: wrap(c.h + dh),
  s: clamp(c.s + ds, 0, 100),
  l: clamp(c.l + dl, 2, 98),
});

export interface PaletteInput {
  colours: ColourWord[];
  moods: Set<Mood>;
  style: Style | undefined;
  rng: Rng;
}

/** The scene's colours. Without colour words the hue comes from the mood, else from the prompt's hash. */
export function buildPalette({ colours, moods, style, rng }: PaletteInput): Palette {
  const has = (m: Mood) => moods.has(m);
  let base: Hsl;
  if (colours[0]) base = { h: colours[0].hue, s: colours[0].saturation, l: colours[0].lightness };
  else if (has("sunset")) base = { h: 18, s: 80, l: 55 };
  else if (has("dawn")) base = { h: 35, s: 70, l: 65 };
  else if (has("night")) base = { h: 228, s: 50, l: 30 };
  else if (has("autumn")) base = { h: 28, s: 70, l: 48 };
  else if (has("winter")) base = { h: 200, s: 35, l: 75 };
  else if (has("stormy")) base = { h: 215, s: 18, l: 40 };
  else base = { h: rng.pick([200, 210, 190, 30, 160, 260, 340, 45]), s: 55, l: 58 };
  const second: Hsl = colours[1]
    ? { h: colours[1].hue, s: colours[1].saturation, l: colours[1].lightness }
    : shift(base, rng.pick([30, -30, 150, 180, -150]), 0, 0);

  // Mood and style adjust saturation and lightness of the whole scene.
  let ds = 0;
  let dl = 0;
  if (has("gloomy") || has("stormy")) {
    ds -= 25;
    dl -= 12;
  }
  if (has("happy")) {
    ds += 12;
    dl += 6;
  }
  if (has("misty")) {
    ds -= 20;
    dl += 12;
  }
  if (style === "pastel" || has("dreamy")) {
    ds -= 15;
    dl += 15;
  }
  if (style === "vintage") ds -= 20;
  const dark = has("night") || style === "neon";
  const sky = shift(base, 0, ds, dl);
  const other = shift(second, 0, ds, dl);

  if (dark) {
    // Night keeps the colour word's hue in the sky, so a "red night" is still red.
    const top = { h: sky.h, s: clamp(sky.s, 35, 80), l: 9 };
    return {
      skyTop: hex(top),
      skyBottom: hex(shift(top, 8, 0, 16)),
      horizon: hex({ h: style === "neon" ? other.h : wrap(sky.h + 20), s: 70, l: 38 }),
      far: hex(shift(top, 0, -10, 12)),
      mid: hex(shift(top, 0, -5, 6)),
      near: hex(shift(top, 0, 0, 1)),
      ground: hex(shift(top, 0, 0, 0)),
      water: hex(shift(top, 0, 5, 9)),
      waterDeep: hex(shift(top, 0, 0, 3)),
      light: hex({ h: 50, s: 40, l: 90 }),
      accent: hex({ h: style === "neon" ? 320 : other.h, s: 90, l: 62 }),
      accent2: hex({ h: style === "neon" ? 185 : wrap(other.h + 40), s: 90, l: 60 }),
      cloud: hex(shift(top, 0, -20, 22)),
      ink: hex({ h: sky.h, s: 30, l: 4 }),
      glow: hex({ h: 48, s: 95, l: 70 }),
      dark,
    };
  }
  const warmSky = has("sunset") || has("dawn");
  const land = shift(sky, has("autumn") ? 0 : rng.range(-12, 12), -5, -14);
  return {
    skyTop: hex(shift(sky, warmSky ? -15 : 0, 0, warmSky ? -8 : 4)),
    skyBottom: hex(shift(sky, warmSky ? 20 : 8, -10, 22)),
    horizon: hex(warmSky ? { h: wrap(sky.h + 30), s: 90, l: 70 } : shift(sky, 10, -15, 30)),
    far: hex(shift(land, 0, -25, 18)),
    mid: hex(shift(land, 0, -10, 4)),
    near: hex(shift(land, 0, 0, -10)),
    ground: hex(shift(land, 0, 5, -18)),
    water: hex(shift(sky, 0, 5, -6)),
    waterDeep: hex(shift(sky, 5, 5, -22)),
    light: hex(warmSky ? { h: 40, s: 100, l: 72 } : { h: 50, s: 100, l: 82 }),
    accent: hex(other),
    accent2: hex(shift(other, 40, 0, 10)),
    cloud: hex(has("stormy") ? shift(sky, 0, -30, -15) : shift(sky, 0, -40, 40)),
    ink: hex({ h: sky.h, s: 30, l: 14 }),
    glow: hex({ h: 48, s: 95, l: 72 }),
    dark,
  };
}
