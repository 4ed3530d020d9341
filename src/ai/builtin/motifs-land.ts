// Motifs on and below the horizon: mountain ridges, hills, sea, river, dunes, forests, a city
// skyline, a house and a boat. Each takes the baseline it stands on, so the composer layers them.
import { type Canvas, linearGradient, n, smoothPath } from "./canvas.ts";

/** A ridge by midpoint displacement: jagged for mountains, smooth enough for far hills. */
function ridge(c: Canvas, base: number, amplitude: number, roughness: number): [number, number][] {
  const { rng, width } = c;
  const count = 33;
  const ys = new Array<number>(count).fill(0);
  ys[0] = rng.range(-0.5, 0.5);
  ys[count - 1] = rng.range(-0.5, 0.5);
  const split = (lo: number, hi: number, scale: number) => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >> 1;
    ys[mid] = (ys[lo]! + ys[hi]!) / 2 + rng.range(-scale, scale);
    split(lo, mid, scale * roughness);
    split(mid, hi, scale * roughness);
  };
  split(0, count - 1, 1);
  const max = Math.max(...ys.map(Math.abs), 0.001);
  return ys.map((y, i) => [
    (i / (count - 1)) * (width + 40) - 20,
    base - amplitude * (0.55 + (0.45 * y) / max),
  ]);
}

export function mountains(c: Canvas, layers: number, snowy: boolean): string {
  const { palette: p, horizon, height, width } = c;
  const colours = [p.far, p.mid, p.near];
  let out = "";
  for (let i = 0; i < layers; i++) {
    const depth = (i + 1) / layers;
    const base = horizon + 8 + i * 14;
    const amplitude = horizon * (0.55 - depth * 0.22);
    const points = ridge(c, base, amplitude, 0.55);
    const outline = `M-20,${n(height)} ${points.map(([x, y]) => `L${n(x)},${n(y)}`).join(" ")} L${width + 20},${n(height)} Z`;
    const colour = colours[Math.min(colours.length - 1, i + (3 - layers))]!;
    const fill = linearGradient(c, [
      [0, colour],
      [1, p.ground],
    ]);
    out += `<path d="${outline}" fill="${fill}"/>`;
    if (snowy && i < 2) {
      // Snow on what rises above the snowline, clipped to this ridge.
      const top = Math.min(...points.map(([, y]) => y));
      const clip = c.define((id) => `<clipPath id="${id}"><path d="${outline}"/></clipPath>`);
      const line = top + amplitude * 0.35;
      const snowEdge = points.map(([x]) => `L${n(x)},${n(line + c.rng.range(-8, 12))}`).join(" ");
      out += `<path d="M-20,${n(top - 5)} ${snowEdge} L${width + 20},${n(top - 5)} Z" fill="#f4f7fb" opacity="0.92" clip-path="url(#${clip})"/>`;
    }
  }
  return out;
}

export function hills(c: Canvas, layers: number): string {
  const { palette: p, horizon, height, width, rng } = c;
  const colours = [p.far, p.mid, p.near, p.ground];
  let out = "";
  for (let i = 0; i < layers; i++) {
    const base = horizon + i * (height - horizon) * 0.22;
    const points: [number, number][] = [];
    for (let x = -40; x <= width + 40; x += rng.range(140, 260)) {
      points.push([x, base - rng.range(10, 60) * (1 - i * 0.15)]);
    }
    points.push([width + 60, base - rng.range(10, 40)]);
    const colour = colours[Math.min(colours.length - 1, i + (4 - layers))]!;
    out += `<path d="${smoothPath(points)} L${width + 60},${n(height)} L-40,${n(height)} Z" fill="${colour}"/>`;
  }
  return out;
}

export function sea(c: Canvas, reflectX: number | null, calm: boolean): string {
  const { palette: p, horizon, height, width, rng } = c;
  const fill = linearGradient(c, [
    [0, p.water],
    [1, p.waterDeep],
  ]);
  let out = `<rect x="0" y="${n(horizon)}" width="${width}" height="${n(height - horizon)}" fill="${fill}"/>`;
  let waves = "";
  const rows = calm ? 14 : 26;
  for (let i = 0; i < rows; i++) {
    const t = (i + 1) / rows;
    const y = horizon + (height - horizon) * t ** 1.6;
    for (let k = 0; k < 3 + i; k++) {
      const x = rng.range(-40, width);
      const len = rng.range(20, 80) * (0.4 + t);
      waves += `M${n(x)},${n(y)} q${n(len / 2)},${n(calm ? -1 : -4 * t - 1)} ${n(len)},0 `;
    }
  }
  out += `<path d="${waves}" fill="none" stroke="#ffffff" stroke-opacity="${calm ? 0.18 : 0.3}" stroke-width="1.6" stroke-linecap="round"/>`;
  if (reflectX !== null) {
    // The sun's (or moon's) path on the water.
    let glints = "";
    for (let i = 0; i < 22; i++) {
      const t = i / 22;
      const y = horizon + 4 + (height - horizon) * t ** 1.3;
      const w = (12 + 120 * t) * rng.range(0.4, 1);
      glints += `<rect x="${n(reflectX - w / 2 + rng.range(-14, 14) * t)}" y="${n(y)}" width="${n(w)}" height="${n(2 + 4 * t)}" rx="2"/>`;
    }
    out += `<g fill="${p.light}" opacity="0.55">${glints}</g>`;
  }
  return out;
}

export function river(c: Canvas): string {
  const { palette: p, horizon, height, width, rng } = c;
  let x = width * rng.range(0.4, 0.6);
  const left: [number, number][] = [];
  const right: [number, number][] = [];
  for (let i = 0; i <= 8; i++) {
    const t = i / 8;
    const y = horizon + 6 + (height - horizon) * t;
    x += rng.range(-60, 60) * t;
    const half = 6 + 150 * t * t;
    left.push([x - half, y]);
    right.push([x + half, y]);
  }
  const fill = linearGradient(c, [
    [0, p.skyBottom],
    [1, p.water],
  ]);
  const outline = `${smoothPath(left)} L${n(right[right.length - 1]![0])},${n(height + 5)} ${smoothPath(right.reverse()).replace(/^M/, "L")} Z`;
  return `<path d="${outline}" fill="${fill}" opacity="0.95"/>`;
}

export function dunes(c: Canvas): string {
  const { horizon, height, width, rng } = c;
  const sand = ["#e8c38a", "#ddb06f", "#cf9b5a", "#bf8748"];
  let out = "";
  for (let i = 0; i < 4; i++) {
    const base = horizon + i * (height - horizon) * 0.2;
    const points: [number, number][] = [];
    for (let x = -60; x <= width + 60; x += rng.range(220, 380)) points.push([x, base - rng.range(5, 70)]);
    points.push([width + 80, base - 20]);
    out += `<path d="${smoothPath(points)} L${width + 80},${n(height)} L-60,${n(height)} Z" fill="${sand[i]}"/>`;
  }
  return out;
}

function pine(x: number, base: number, h: number, colour: string): string {
  const w = h * 0.42;
  let d = "";
  for (let k = 0; k < 3; k++) {
    const top = base - h + k * h * 0.24;
    const bottom = top + h * 0.5;
    const half = w * (0.55 + k * 0.22);
    d += `M${n(x)},${n(top)} L${n(x - half)},${n(bottom)} L${n(x + half)},${n(bottom)} Z `;
  }
  return `<path d="${d}M${n(x - h * 0.04)},${n(base - h * 0.12)} h${n(h * 0.08)} v${n(h * 0.14)} h${n(-h * 0.08)} Z" fill="${colour}"/>`;
}

function broadleaf(c: Canvas, x: number, base: number, h: number, colour: string, trunk: string): string {
  const r = h * 0.3;
  let crown = "";
  for (let k = 0; k < 4; k++) {
    crown += `<circle cx="${n(x + c.rng.range(-r * 0.6, r * 0.6))}" cy="${n(base - h * 0.62 + c.rng.range(-r * 0.4, r * 0.3))}" r="${n(r * c.rng.range(0.6, 0.9))}"/>`;
  }
  return `<rect x="${n(x - h * 0.04)}" y="${n(base - h * 0.5)}" width="${n(h * 0.08)}" height="${n(h * 0.5)}" fill="${trunk}"/><g fill="${colour}">${crown}</g>`;
}

export function forest(c: Canvas, autumn: boolean): string {
  const { palette: p, horizon, height, width, rng } = c;
  const rows = [
    { base: horizon + (height - horizon) * 0.12, size: 70, colour: p.mid, count: 26 },
    { base: horizon + (height - horizon) * 0.42, size: 140, colour: p.near, count: 12 },
  ];
  const leafColours = autumn ? ["#c8553d", "#e08e45", "#f2b134", "#a63d40"] : [p.near, p.mid, p.ground];
  let out = "";
  for (const [i, row] of rows.entries()) {
    for (let k = 0; k < row.count; k++) {
      const x = (k / row.count) * (width + 80) - 40 + rng.range(-18, 18);
      const h = row.size * rng.range(0.7, 1.3);
      const base = row.base + rng.range(-8, 8);
      out +=
        autumn || (i === 1 && rng.chance(0.35))
          ? broadleaf(c, x, base, h, rng.pick(leafColours), p.ink)
          : pine(x, base, h, i === 0 ? row.colour : rng.pick([p.near, p.ground]));
    }
  }
  return out;
}

export function city(c: Canvas, base: number): string {
  const { palette: p, width, rng, horizon } = c;
  let out = "";
  let windows = "";
  for (const layer of [0, 1]) {
    let x = -20;
    const colour = layer === 0 ? p.far : p.near;
    while (x < width + 20) {
      const w = rng.range(40, 95);
      const h = horizon * rng.range(0.12, 0.42) * (layer === 0 ? 1.15 : 0.8);
      out += `<rect x="${n(x)}" y="${n(base - h)}" width="${n(w + 1)}" height="${n(h + 2)}" fill="${colour}"/>`;
      if (rng.chance(0.25)) {
        out += `<rect x="${n(x + w / 2 - 2)}" y="${n(base - h - 30)}" width="4" height="32" fill="${colour}"/>`;
      }
      if (layer === 1) {
        for (let wy = base - h + 12; wy < base - 10; wy += 16) {
          for (let wx = x + 8; wx < x + w - 10; wx += 14) {
            if (rng.chance(p.dark ? 0.45 : 0.3)) {
              windows += `<rect x="${n(wx)}" y="${n(wy)}" width="6" height="8"/>`;
            }
          }
        }
      }
      x += w + rng.range(0, 8);
    }
  }
  const windowColour = p.dark ? p.glow : p.skyBottom;
  return `${out}<g fill="${windowColour}" opacity="${p.dark ? 0.9 : 0.55}">${windows}</g>`;
}

export function house(c: Canvas, x: number, base: number, size: number): string {
  const { palette: p } = c;
  const w = size;
  const h = size * 0.7;
  const lit = p.dark ? p.glow : p.skyBottom;
  return (
    `<rect x="${n(x + w * 0.62)}" y="${n(base - h - size * 0.45)}" width="${n(w * 0.1)}" height="${n(size * 0.3)}" fill="${p.ink}"/>` +
    `<rect x="${n(x)}" y="${n(base - h)}" width="${n(w)}" height="${n(h)}" fill="${p.accent}"/>` +
    `<path d="M${n(x - w * 0.1)},${n(base - h)} L${n(x + w / 2)},${n(base - h - size * 0.5)} L${n(x + w * 1.1)},${n(base - h)} Z" fill="${p.ink}"/>` +
    `<rect x="${n(x + w * 0.4)}" y="${n(base - h * 0.55)}" width="${n(w * 0.2)}" height="${n(h * 0.55)}" fill="${p.ink}" opacity="0.8"/>` +
    `<rect x="${n(x + w * 0.12)}" y="${n(base - h * 0.7)}" width="${n(w * 0.18)}" height="${n(w * 0.16)}" fill="${lit}"/>` +
    `<rect x="${n(x + w * 0.7)}" y="${n(base - h * 0.7)}" width="${n(w * 0.18)}" height="${n(w * 0.16)}" fill="${lit}"/>`
  );
}

export function boat(c: Canvas, x: number, y: number, size: number): string {
  const { palette: p } = c;
  const s = size;
  return (
    `<path d="M${n(x - s)},${n(y)} L${n(x + s)},${n(y)} L${n(x + s * 0.7)},${n(y + s * 0.3)} L${n(x - s * 0.7)},${n(y + s * 0.3)} Z" fill="${p.ink}"/>` +
    `<path d="M${n(x)},${n(y - s * 1.6)} L${n(x)},${n(y)}" stroke="${p.ink}" stroke-width="${n(s * 0.05)}"/>` +
    `<path d="M${n(x + s * 0.06)},${n(y - s * 1.5)} L${n(x + s * 0.8)},${n(y - s * 0.12)} L${n(x + s * 0.06)},${n(y - s * 0.12)} Z" fill="#fbf7ef"/>` +
    `<path d="M${n(x - s * 0.06)},${n(y - s * 1.2)} L${n(x - s * 0.6)},${n(y - s * 0.12)} L${n(x - s * 0.06)},${n(y - s * 0.12)} Z" fill="${p.accent}"/>` +
    `<ellipse cx="${n(x)}" cy="${n(y + s * 0.38)}" rx="${n(s * 1.1)}" ry="${n(s * 0.06)}" fill="${p.ink}" opacity="0.25"/>`
  );
}
