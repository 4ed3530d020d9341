// Composes one picture of the built-in engine as SVG: reads the prompt, picks a palette and a
// composition from the prompt's hash and the seed, then layers sky, light, land, figures and
// weather, and finishes with the style's treatment (grain, paint, ink, glow, film).
import { type Canvas, createCanvas, linearGradient, n } from "./canvas.ts";
import { finish } from "./finish.ts";
import { cat, flower, meadow } from "./motifs-figures.ts";
import { boat, city, dunes, forest, hills, house, mountains, river, sea } from "./motifs-land.ts";
import {
  balloons,
  birds,
  clouds,
  heart,
  lightning,
  moon,
  nebula,
  planet,
  rain,
  rainbow,
  sky,
  snow,
  stars,
  sun,
} from "./motifs-sky.ts";
import { buildPalette } from "./palette.ts";
import { createRng, hashString } from "./random.ts";
import { COLOURS, type PromptReading, readPrompt, type Style } from "./vocabulary.ts";

export interface SceneRequest {
  prompt: string;
  style?: string | undefined;
  seed: number;
  /** Which of the n pictures of one request (each is a variation). */
  index: number;
  width: number;
  height: number;
  /** A remix's source picture as a PNG data URL, laid faintly under the new one. */
  sourceDataUrl?: string | undefined;
}

export interface Scene {
  svg: string;
  reading: PromptReading;
  style: Style;
}

const VIEW_WIDTH = 1000;

export function composeScene(request: SceneRequest): Scene {
  const reading = readPrompt(request.prompt, request.style);
  const style: Style = reading.style ?? "flat";
  const rng = createRng(
    hashString(
      `${request.prompt.trim().toLowerCase()}\u0000${request.style ?? ""}\u0000${request.seed}\u0000${request.index}`,
    ),
  );
  const width = VIEW_WIDTH;
  const height = Math.round((VIEW_WIDTH * request.height) / request.width);
  const has = (s: Parameters<typeof reading.subjects.has>[0]) => reading.subjects.has(s);
  const mood = (m: Parameters<typeof reading.moods.has>[0]) => reading.moods.has(m);
  const figure = has("cat") || has("flower") || has("house");
  const horizon = height * (figure ? rng.range(0.5, 0.6) : rng.range(0.55, 0.7));
  const palette = buildPalette({ colours: reading.colours, moods: reading.moods, style, rng });
  const defs: string[] = [];
  const canvas = createCanvas({ width, height, horizon, palette, rng, reading }, defs);
  const sparse = style === "minimal" || mood("calm");

  // Space with nothing on the ground is all sky: no horizon glow, no land.
  const landWords = [
    "mountain",
    "sea",
    "forest",
    "city",
    "desert",
    "river",
    "house",
    "boat",
    "cat",
    "flower",
  ] as const;
  const inSpace = (has("space") || has("planet")) && !landWords.some((s) => has(s));
  const back: string[] = [sky(canvas, inSpace)];
  const night = mood("night") || style === "neon" || inSpace;
  if (inSpace) back.push(nebula(canvas));
  if (night || has("stars")) back.push(stars(canvas, sparse ? 90 : rng.int(160, 260) * (inSpace ? 2 : 1)));
  const low = mood("sunset") || mood("dawn");
  const sunWanted = has("sun") || low || (!night && !has("moon") && (mood("happy") || rng.chance(0.45)));
  let lightX: number | null = null;
  if (has("moon") || (night && !has("sun"))) {
    lightX = width * rng.range(0.2, 0.8);
    back.push(moon(canvas, lightX, horizon * rng.range(0.18, 0.4), rng.range(38, 60)));
  } else if (sunWanted && !mood("stormy")) {
    lightX = width * rng.range(0.22, 0.78);
    const r = low ? rng.range(80, 120) : rng.range(50, 80);
    // A low sun sits on the horizon, unless mountains would hide it: then it sets above them.
    const setting = has("mountain") ? horizon * rng.range(0.35, 0.5) : horizon - r * rng.range(0.1, 0.6);
    const y = low ? setting : horizon * rng.range(0.2, 0.45);
    back.push(sun(canvas, lightX, y, r, style === "vintage" || style === "neon"));
  }
  if (has("planet") || inSpace) {
    const count = reading.plural.has("planet") ? rng.int(2, 3) : 1;
    for (let i = 0; i < count; i++) {
      const r = (inSpace ? rng.range(90, 200) : rng.range(40, 80)) / (i + 1);
      const colour = rng.pick([palette.accent, palette.accent2, "#d9a066", "#7fb3d5", "#c97b63"]);
      back.push(
        planet(
          canvas,
          width * rng.range(0.2, 0.8),
          (inSpace ? height : horizon) * rng.range(0.25, 0.7),
          r,
          colour,
        ),
      );
    }
  }
  if (has("rainbow")) back.push(rainbow(canvas));
  const cloudCount = mood("stormy")
    ? rng.int(9, 13)
    : has("cloud")
      ? rng.int(4, 7)
      : sparse
        ? 1
        : rng.int(1, 4);
  if (!mood("misty") && !inSpace) back.push(clouds(canvas, cloudCount, mood("stormy")));
  if (mood("stormy")) back.push(lightning(canvas));
  if (has("bird")) back.push(birds(canvas, rng.int(4, 9)));
  if (has("balloon")) back.push(balloons(canvas, reading.plural.has("balloon") ? rng.int(3, 6) : 1));
  if (has("heart"))
    back.push(
      heart(canvas, width * rng.range(0.3, 0.7), horizon * rng.range(0.35, 0.55), rng.range(70, 120)),
    );

  const land: string[] = [];
  const water = has("sea") || has("boat");
  if (has("mountain")) land.push(mountains(canvas, 3, mood("winter") || has("snow")));
  if (has("city")) land.push(city(canvas, horizon + 4));
  if (inSpace) {
    // no ground
  } else if (has("desert")) land.push(dunes(canvas));
  else if (water) land.push(sea(canvas, lightX, mood("calm")));
  else if (style === "neon") land.push(neonGrid(canvas));
  else land.push(hills(canvas, has("mountain") ? 2 : 3));
  if (has("river") && !water) land.push(river(canvas));
  if (mood("misty")) land.push(haze(canvas));
  if (has("forest")) land.push(forest(canvas, mood("autumn")));
  if (has("house")) {
    const base = water ? horizon + 2 : horizon + (height - horizon) * 0.28;
    land.push(house(canvas, width * rng.range(0.12, 0.68), base, rng.range(90, 130)));
  }
  if (has("boat"))
    land.push(
      boat(canvas, width * rng.range(0.25, 0.75), horizon + (height - horizon) * 0.38, rng.range(45, 75)),
    );

  const front: string[] = [];
  if (has("flower")) {
    const many = reading.plural.has("flower") || /garden|meadow|bouquet/.test(request.prompt.toLowerCase());
    if (many) front.push(meadow(canvas, rng.int(16, 26)));
    else {
      front.push(meadow(canvas, rng.int(4, 8)));
      const x = width * rng.pick([0.35, 0.5, 0.65]);
      front.push(flower(canvas, x, height * 0.98, height * 0.55, palette.accent));
    }
  }
  if (has("cat")) {
    const count = reading.plural.has("cat") ? rng.int(2, 3) : 1;
    for (let i = 0; i < count; i++) {
      const x =
        count === 1 ? width * rng.pick([0.32, 0.5, 0.68]) : width * ((i + 0.5) / count) + rng.range(-40, 40);
      const size = Math.min(height * 0.5, 400) * (count === 1 ? 1 : rng.range(0.6, 0.85));
      front.push(cat(canvas, x, height * rng.range(0.9, 0.96), size, catColour(reading, rng.next(), night)));
    }
  }

  const weather: string[] = [];
  if (has("rain") || mood("stormy")) weather.push(rain(canvas, mood("stormy") ? 600 : 350));
  if (has("snow") || (mood("winter") && rng.chance(0.6))) weather.push(snow(canvas, 260));
  if (mood("dreamy")) weather.push(sparkles(canvas));

  const svg = finish(canvas, style, defs, back, [...land, ...front], weather, request);
  return { svg, reading, style };
}

function catColour(reading: PromptReading, pick: number, night: boolean): string {
  const named: Record<string, string> = {
    black: "#1d1b22",
    white: "#f1ede6",
    grey: "#8a8d93",
    gray: "#8a8d93",
    silver: "#b3b6bb",
    orange: "#d9823b",
    ginger: "#d9823b",
    brown: "#7a5235",
  };
  for (const [word, value] of Object.entries(named)) {
    if (reading.colours.includes(COLOURS[word] ?? { hue: -1, saturation: -1, lightness: -1 })) return value;
  }
  if (night) return "#17151c";
  return ["#d9823b", "#6f6a66", "#2a2630", "#efe4d2"][Math.floor(pick * 4)]!;
}

function haze(c: Canvas): string {
  const fill = linearGradient(c, [
    [0, "#ffffff", 0],
    [0.5, "#ffffff", 0.55],
    [1, "#ffffff", 0],
  ]);
  return `<rect x="0" y="${n(c.horizon - c.height * 0.25)}" width="${c.width}" height="${n(c.height * 0.5)}" fill="${fill}"/>`;
}

function neonGrid(c: Canvas): string {
  const { width, height, horizon, palette: p } = c;
  let d = "";
  for (let i = 1; i <= 14; i++) {
    const y = horizon + (height - horizon) * (i / 14) ** 2;
    d += `M0,${n(y)} H${width} `;
  }
  for (let i = -12; i <= 12; i++)
    d += `M${n(width / 2 + i * 18)},${n(horizon)} L${n(width / 2 + i * 160)},${n(height)} `;
  const floor = linearGradient(c, [
    [0, p.skyTop],
    [1, p.ink],
  ]);
  return `<rect x="0" y="${n(horizon)}" width="${width}" height="${n(height - horizon)}" fill="${floor}"/><path d="${d}" stroke="${p.accent}" stroke-width="2" opacity="0.85"/>`;
}

function sparkles(c: Canvas): string {
  const { rng, width, height, palette } = c;
  let out = "";
  for (let i = 0; i < 40; i++) {
    const x = rng.range(0, width);
    const y = rng.range(0, height);
    const s = rng.range(3, 9);
    out += `<path d="M${n(x)},${n(y - s)} Q${n(x)},${n(y)} ${n(x + s)},${n(y)} Q${n(x)},${n(y)} ${n(x)},${n(y + s)} Q${n(x)},${n(y)} ${n(x - s)},${n(y)} Q${n(x)},${n(y)} ${n(x)},${n(y - s)} Z"/>`;
  }
  return `<g fill="${palette.glow}" opacity="0.8">${out}</g>`;
}
