// Motifs above the horizon: the sky itself, stars, sun, moon, clouds, rainbow, birds, balloons, a
// heart, and the weather (rain, snow, lightning) drawn over everything.
import { type Canvas, linearGradient, n, radialGradient } from "./canvas.ts";
import { hex } from "./palette.ts";

/** The sky; `open` (outer space) has no horizon: one gradient from top to bottom, no glow. */
export function sky(c: Canvas, open = false): string {
  const { palette: p, width, height, horizon } = c;
  if (open) {
    const deep = linearGradient(c, [
      [0, p.skyTop],
      [1, p.ink],
    ]);
    return `<rect width="${width}" height="${n(height)}" fill="${deep}"/>`;
  }
  const fill = linearGradient(c, [
    [0, p.skyTop],
    [Math.max(0.3, (horizon / height) * 0.85), p.skyBottom],
    [horizon / height, p.horizon],
    [1, p.horizon],
  ]);
  const glow = radialGradient(c, [
    [0, p.horizon, 0.55],
    [1, p.horizon, 0],
  ]);
  return (
    `<rect width="${width}" height="${n(height)}" fill="${fill}"/>` +
    `<ellipse cx="${width / 2}" cy="${n(horizon)}" rx="${width * 0.9}" ry="${n(horizon * 0.45)}" fill="${glow}"/>`
  );
}

export function stars(c: Canvas, count: number): string {
  const { rng, horizon, width, palette } = c;
  let out = "";
  for (let i = 0; i < count; i++) {
    const x = rng.range(0, width);
    const y = rng.range(0, horizon * 0.92) ** 1.15 / horizon ** 0.15;
    const r = rng.next() < 0.92 ? rng.range(0.6, 1.8) : rng.range(2, 3.2);
    out += `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="#fffbe8" opacity="${n(rng.range(0.4, 1))}"/>`;
    if (r > 2.4) {
      // A few bright stars get a four-pointed sparkle.
      const s = r * 4;
      out += `<path d="M${n(x - s)},${n(y)} L${n(x + s)},${n(y)} M${n(x)},${n(y - s)} L${n(x)},${n(y + s)}" stroke="${palette.glow}" stroke-width="0.9" opacity="0.7"/>`;
    }
  }
  return out;
}

export function sun(c: Canvas, x: number, y: number, r: number, striped: boolean): string {
  const { palette: p } = c;
  const glow = radialGradient(c, [
    [0, p.light, 0.7],
    [0.35, p.light, 0.25],
    [1, p.light, 0],
  ]);
  let body = `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="${p.light}"/>`;
  if (striped) {
    // The retro poster sun: horizontal gaps widening towards the bottom.
    const mask = c.define((id) => {
      let bars = "";
      for (let i = 0; i < 6; i++) {
        const by = y + r * (0.1 + i * 0.16);
        bars += `<rect x="${n(x - r)}" y="${n(by)}" width="${n(2 * r)}" height="${n(r * (0.025 + i * 0.018))}" fill="black"/>`;
      }
      return `<mask id="${id}"><rect x="${n(x - r)}" y="${n(y - r)}" width="${n(2 * r)}" height="${n(2 * r)}" fill="white"/>${bars}</mask>`;
    });
    const fill = linearGradient(c, [
      [0, p.glow],
      [1, p.accent],
    ]);
    body = `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="${fill}" mask="url(#${mask})"/>`;
  }
  return `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r * 3.2)}" fill="${glow}"/>${body}`;
}

export function moon(c: Canvas, x: number, y: number, r: number): string {
  const { palette: p, rng } = c;
  const glow = radialGradient(c, [
    [0, p.light, 0.45],
    [1, p.light, 0],
  ]);
  const dx = r * rng.range(0.35, 0.6) * (rng.chance(0.5) ? 1 : -1);
  const mask = c.define(
    (id) =>
      `<mask id="${id}"><circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="white"/><circle cx="${n(x + dx)}" cy="${n(y - r * 0.2)}" r="${n(r * 0.92)}" fill="black"/></mask>`,
  );
  return (
    `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r * 2.8)}" fill="${glow}"/>` +
    `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="${p.light}" mask="url(#${mask})"/>`
  );
}

export function cloud(
  c: Canvas,
  x: number,
  y: number,
  size: number,
  colour: string,
  opacity: number,
): string {
  const { rng } = c;
  let puffs = `<ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(size * 1.3)}" ry="${n(size * 0.32)}"/>`;
  const count = rng.int(3, 5);
  for (let i = 0; i < count; i++) {
    const px = x + (i / (count - 1) - 0.5) * size * 1.9 + rng.range(-10, 10);
    const pr = size * rng.range(0.32, 0.55) * (1 - Math.abs(i / (count - 1) - 0.5));
    puffs += `<circle cx="${n(px)}" cy="${n(y - pr * 0.45)}" r="${n(pr + size * 0.12)}"/>`;
  }
  return `<g fill="${colour}" opacity="${n(opacity)}">${puffs}</g>`;
}

export function clouds(c: Canvas, count: number, stormy: boolean): string {
  const { rng, width, horizon, palette } = c;
  let out = "";
  for (let i = 0; i < count; i++) {
    const size = rng.range(50, stormy ? 170 : 120);
    const y = stormy ? rng.range(0, horizon * 0.45) : rng.range(horizon * 0.1, horizon * 0.7);
    out += cloud(c, rng.range(-50, width + 50), y, size, palette.cloud, stormy ? 0.92 : rng.range(0.6, 0.9));
  }
  return out;
}

export function rainbow(c: Canvas): string {
  const { width, horizon, rng } = c;
  const colours = ["#e8404b", "#f08a3c", "#f5d547", "#63c46a", "#3e9bd8", "#5b5fc7", "#9a56c2"];
  const cx = width * rng.range(0.35, 0.65);
  const outer = width * rng.range(0.35, 0.48);
  const band = outer * 0.045;
  return `<g fill="none" opacity="0.55" stroke-width="${n(band)}">${colours
    .map((colour, i) => {
      const r = outer - i * band;
      return `<path d="M${n(cx - r)},${n(horizon)} A${n(r)},${n(r)} 0 0 1 ${n(cx + r)},${n(horizon)}" stroke="${colour}"/>`;
    })
    .join("")}</g>`;
}

export function birds(c: Canvas, count: number): string {
  const { rng, width, horizon, palette } = c;
  const fx = rng.range(width * 0.2, width * 0.8);
  const fy = rng.range(horizon * 0.15, horizon * 0.55);
  let out = "";
  for (let i = 0; i < count; i++) {
    const x = fx + rng.range(-160, 160);
    const y = fy + rng.range(-70, 70);
    const s = rng.range(7, 16);
    out += `<path d="M${n(x - s)},${n(y - s * 0.3)} Q${n(x - s * 0.5)},${n(y - s * 0.7)} ${n(x)},${n(y)} Q${n(x + s * 0.5)},${n(y - s * 0.7)} ${n(x + s)},${n(y - s * 0.3)}" fill="none" stroke="${palette.ink}" stroke-width="${n(s * 0.22)}" stroke-linecap="round"/>`;
  }
  return out;
}

export function heart(c: Canvas, x: number, y: number, size: number): string {
  const { palette: p, reading } = c;
  // Hearts are red unless the prompt names colours: then the second one (the first is the sky's).
  const named = reading.colours[1] ?? reading.colours[0];
  const colour = named
    ? reading.colours[1]
      ? p.accent
      : hex({ h: named.hue, s: named.saturation, l: named.lightness })
    : "#e0435c";
  const glow = radialGradient(c, [
    [0, colour, 0.45],
    [1, colour, 0],
  ]);
  // The classic heart in a 100×90 box, scaled to `size` (half its width).
  const d =
    "M50,90 C20,70 0,50 0,30 C0,10 15,0 30,0 C40,0 50,10 50,20 C50,10 60,0 70,0 C85,0 100,10 100,30 C100,50 80,70 50,90 Z";
  const k = size / 50;
  return (
    `<circle cx="${n(x)}" cy="${n(y)}" r="${n(size * 2)}" fill="${glow}"/>` +
    `<g transform="translate(${n(x - size)} ${n(y - size * 0.9)}) scale(${(Math.round(k * 100) / 100).toString()})"><path d="${d}" fill="${colour}"/>` +
    `<path d="M18,22 Q20,12 30,11" stroke="#ffffff" stroke-opacity="0.6" stroke-width="5" fill="none" stroke-linecap="round"/></g>`
  );
}

export function balloons(c: Canvas, count: number): string {
  const { rng, width, horizon, palette } = c;
  const colours = [palette.accent, palette.accent2, "#f2c14e", "#e85d75", "#5bc0eb"];
  let out = "";
  for (let i = 0; i < count; i++) {
    const x = rng.range(width * 0.12, width * 0.88);
    const y = rng.range(horizon * 0.15, horizon * 0.75);
    const r = rng.range(22, 42);
    const colour = rng.pick(colours);
    out +=
      `<path d="M${n(x)},${n(y + r * 1.2)} q${n(r * 0.3)},${n(r * 0.8)} ${n(-r * 0.1)},${n(r * 1.8)}" stroke="${palette.ink}" stroke-width="1.5" fill="none" opacity="0.7"/>` +
      `<ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(r)}" ry="${n(r * 1.2)}" fill="${colour}"/>` +
      `<ellipse cx="${n(x - r * 0.35)}" cy="${n(y - r * 0.45)}" rx="${n(r * 0.18)}" ry="${n(r * 0.3)}" fill="#ffffff" opacity="0.45"/>`;
  }
  return out;
}

export function rain(c: Canvas, count: number): string {
  const { rng, width, height } = c;
  let d = "";
  for (let i = 0; i < count; i++) {
    const x = rng.range(-100, width);
    const y = rng.range(-20, height);
    const len = rng.range(14, 30);
    d += `M${n(x)},${n(y)} l${n(len * 0.3)},${n(len)} `;
  }
  return `<path d="${d}" stroke="#dfe8f5" stroke-width="1.4" opacity="0.5" stroke-linecap="round"/>`;
}

export function snow(c: Canvas, count: number): string {
  const { rng, width, height } = c;
  let out = "";
  for (let i = 0; i < count; i++) {
    out += `<circle cx="${n(rng.range(0, width))}" cy="${n(rng.range(0, height))}" r="${n(rng.range(1.2, 4.2))}"/>`;
  }
  return `<g fill="#ffffff" opacity="0.85">${out}</g>`;
}

export function lightning(c: Canvas): string {
  const { rng, width, horizon, palette } = c;
  let x = rng.range(width * 0.2, width * 0.8);
  let y = horizon * 0.1;
  let d = `M${n(x)},${n(y)}`;
  while (y < horizon) {
    x += rng.range(-40, 40);
    y += rng.range(25, 55);
    d += ` L${n(x)},${n(Math.min(y, horizon))}`;
  }
  return `<path d="${d}" stroke="${palette.glow}" stroke-width="9" opacity="0.35" fill="none"/><path d="${d}" stroke="#ffffff" stroke-width="3" fill="none"/>`;
}

/** Coloured clouds of gas: a few large soft glows in the scene's accents. */
export function nebula(c: Canvas): string {
  const { rng, width, height, palette } = c;
  const soft = c.define((id) => `<filter id="${id}"><feGaussianBlur stdDeviation="40"/></filter>`);
  let out = "";
  for (const colour of [palette.accent, palette.accent2, palette.horizon, palette.accent]) {
    const glow = radialGradient(c, [
      [0, colour, 0.55],
      [1, colour, 0],
    ]);
    const rx = width * rng.range(0.25, 0.5);
    out += `<ellipse cx="${n(rng.range(0, width))}" cy="${n(rng.range(0, height))}" rx="${n(rx)}" ry="${n(rx * rng.range(0.3, 0.7))}" fill="${glow}" transform="rotate(${n(rng.range(-40, 40))} ${n(width / 2)} ${n(height / 2)})"/>`;
  }
  return `<g filter="url(#${soft})">${out}</g>`;
}

/** A planet: a shaded sphere, with a tilted ring half the time. */
export function planet(c: Canvas, x: number, y: number, r: number, colour: string): string {
  const { rng } = c;
  const shade = c.define(
    (id) =>
      `<radialGradient id="${id}" cx="0.35" cy="0.35" r="0.75"><stop offset="0" stop-color="#ffffff" stop-opacity="0.45"/><stop offset="0.5" stop-color="${colour}" stop-opacity="0"/><stop offset="1" stop-color="#000000" stop-opacity="0.55"/></radialGradient>`,
  );
  const tilt = rng.range(-30, 30);
  const ringed = rng.chance(0.5);
  const ring = (half: "back" | "front") => {
    // The back half of the ring passes behind the sphere, the front half over it.
    const sweep = half === "back" ? 0 : 1;
    return `<path d="M${n(x - r * 1.9)},${n(y)} A${n(r * 1.9)},${n(r * 0.45)} 0 0 ${sweep} ${n(x + r * 1.9)},${n(y)}" fill="none" stroke="${colour}" stroke-opacity="0.8" stroke-width="${n(r * 0.12)}" transform="rotate(${n(tilt)} ${n(x)} ${n(y)})"/>`;
  };
  return (
    (ringed ? ring("back") : "") +
    `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="${colour}"/><circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="url(#${shade})"/>` +
    (ringed ? ring("front") : "")
  );
}
