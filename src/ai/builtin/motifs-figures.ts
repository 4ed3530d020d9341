// Foreground figures of the built-in engine: a sitting cat and flowers (one large, or a meadow).
import { type Canvas, n } from "./canvas.ts";

/** A cat sitting on `base`, `size` tall, seen from the front; eyes shine in the dark. */
export function cat(c: Canvas, x: number, base: number, size: number, colour: string): string {
  const { palette: p, rng } = c;
  const s = size;
  const flip = rng.chance(0.5) ? 1 : -1;
  const headY = base - s * 0.78;
  const eye = p.dark ? p.glow : "#9fd36b";
  const tail = `M${n(x + flip * s * 0.25)},${n(base - s * 0.04)} q${n(flip * s * 0.45)},${n(s * 0.02)} ${n(flip * s * 0.42)},${n(-s * 0.3)} q${n(-flip * s * 0.02)},${n(-s * 0.12)} ${n(flip * s * 0.1)},${n(-s * 0.18)}`;
  return (
    `<ellipse cx="${n(x)}" cy="${n(base + s * 0.01)}" rx="${n(s * 0.5)}" ry="${n(s * 0.05)}" fill="#000000" opacity="0.18"/>` +
    `<path d="${tail}" stroke="${colour}" stroke-width="${n(s * 0.09)}" fill="none" stroke-linecap="round"/>` +
    // Body: a pear shape, wider at the haunches.
    `<path d="M${n(x - s * 0.16)},${n(headY + s * 0.08)} C${n(x - s * 0.42)},${n(base - s * 0.35)} ${n(x - s * 0.42)},${n(base)} ${n(x - s * 0.2)},${n(base)} L${n(x + s * 0.2)},${n(base)} C${n(x + s * 0.42)},${n(base)} ${n(x + s * 0.42)},${n(base - s * 0.35)} ${n(x + s * 0.16)},${n(headY + s * 0.08)} Z" fill="${colour}"/>` +
    // Head and ears.
    `<ellipse cx="${n(x)}" cy="${n(headY)}" rx="${n(s * 0.22)}" ry="${n(s * 0.19)}" fill="${colour}"/>` +
    `<path d="M${n(x - s * 0.2)},${n(headY - s * 0.05)} L${n(x - s * 0.17)},${n(headY - s * 0.3)} L${n(x - s * 0.04)},${n(headY - s * 0.16)} Z M${n(x + s * 0.2)},${n(headY - s * 0.05)} L${n(x + s * 0.17)},${n(headY - s * 0.3)} L${n(x + s * 0.04)},${n(headY - s * 0.16)} Z" fill="${colour}"/>` +
    `<path d="M${n(x - s * 0.165)},${n(headY - s * 0.1)} L${n(x - s * 0.155)},${n(headY - s * 0.23)} L${n(x - s * 0.08)},${n(headY - s * 0.15)} Z M${n(x + s * 0.165)},${n(headY - s * 0.1)} L${n(x + s * 0.155)},${n(headY - s * 0.23)} L${n(x + s * 0.08)},${n(headY - s * 0.15)} Z" fill="#f2a7b5" opacity="0.8"/>` +
    // Eyes, nose, whiskers.
    `<ellipse cx="${n(x - s * 0.08)}" cy="${n(headY - s * 0.02)}" rx="${n(s * 0.035)}" ry="${n(s * 0.045)}" fill="${eye}"/>` +
    `<ellipse cx="${n(x + s * 0.08)}" cy="${n(headY - s * 0.02)}" rx="${n(s * 0.035)}" ry="${n(s * 0.045)}" fill="${eye}"/>` +
    `<ellipse cx="${n(x - s * 0.08)}" cy="${n(headY - s * 0.02)}" rx="${n(s * 0.01)}" ry="${n(s * 0.035)}" fill="#111111"/>` +
    `<ellipse cx="${n(x + s * 0.08)}" cy="${n(headY - s * 0.02)}" rx="${n(s * 0.01)}" ry="${n(s * 0.035)}" fill="#111111"/>` +
    `<path d="M${n(x - s * 0.025)},${n(headY + s * 0.05)} h${n(s * 0.05)} l${n(-s * 0.025)},${n(s * 0.03)} Z" fill="#e58a9a"/>` +
    `<path d="M${n(x - s * 0.05)},${n(headY + s * 0.07)} l${n(-s * 0.2)},${n(-s * 0.03)} M${n(x - s * 0.05)},${n(headY + s * 0.09)} l${n(-s * 0.2)},${n(s * 0.03)} M${n(x + s * 0.05)},${n(headY + s * 0.07)} l${n(s * 0.2)},${n(-s * 0.03)} M${n(x + s * 0.05)},${n(headY + s * 0.09)} l${n(s * 0.2)},${n(s * 0.03)}" stroke="#f6f1e7" stroke-width="${n(Math.max(1, s * 0.006))}" opacity="0.7"/>` +
    // Front paws.
    `<ellipse cx="${n(x - s * 0.09)}" cy="${n(base - s * 0.02)}" rx="${n(s * 0.07)}" ry="${n(s * 0.035)}" fill="${colour}" stroke="#000000" stroke-opacity="0.15"/>` +
    `<ellipse cx="${n(x + s * 0.09)}" cy="${n(base - s * 0.02)}" rx="${n(s * 0.07)}" ry="${n(s * 0.035)}" fill="${colour}" stroke="#000000" stroke-opacity="0.15"/>`
  );
}

/** One flower: stem, two leaves, petals around a centre. */
export function flower(c: Canvas, x: number, base: number, size: number, petal: string): string {
  const { rng } = c;
  const s = size;
  const headX = x + rng.range(-s * 0.15, s * 0.15);
  const headY = base - s;
  const petals = rng.int(5, 8);
  const petalLength = s * rng.range(0.16, 0.22);
  let head = "";
  for (let i = 0; i < petals; i++) {
    const angle = (360 / petals) * i + rng.range(-6, 6);
    head += `<ellipse cx="${n(headX)}" cy="${n(headY - petalLength * 0.9)}" rx="${n(petalLength * 0.45)}" ry="${n(petalLength)}" transform="rotate(${n(angle)} ${n(headX)} ${n(headY)})"/>`;
  }
  return (
    `<path d="M${n(x)},${n(base)} Q${n(x - s * 0.1)},${n(base - s * 0.5)} ${n(headX)},${n(headY)}" stroke="#3f7d3a" stroke-width="${n(Math.max(1.5, s * 0.035))}" fill="none"/>` +
    `<path d="M${n(x - s * 0.04)},${n(base - s * 0.35)} q${n(-s * 0.2)},${n(-s * 0.12)} ${n(-s * 0.24)},${n(-s * 0.02)} q${n(s * 0.12)},${n(s * 0.1)} ${n(s * 0.24)},${n(s * 0.02)} Z" fill="#4f9446"/>` +
    `<path d="M${n(x - s * 0.03)},${n(base - s * 0.55)} q${n(s * 0.2)},${n(-s * 0.12)} ${n(s * 0.22)},${n(-s * 0.02)} q${n(-s * 0.12)},${n(s * 0.1)} ${n(-s * 0.22)},${n(s * 0.02)} Z" fill="#5aa450"/>` +
    `<g fill="${petal}">${head}</g>` +
    `<circle cx="${n(headX)}" cy="${n(headY)}" r="${n(petalLength * 0.45)}" fill="#f6c945"/>` +
    `<circle cx="${n(headX)}" cy="${n(headY)}" r="${n(petalLength * 0.45)}" fill="none" stroke="#a8741a" stroke-width="${n(petalLength * 0.08)}" stroke-dasharray="2 3"/>`
  );
}

/** A meadow of flowers along the bottom, small at the back, large in front. */
export function meadow(c: Canvas, count: number): string {
  const { palette: p, rng, width, height, horizon } = c;
  const colours = [p.accent, p.accent2, "#ffffff", "#f4a6c0", "#f7d154"];
  const items: { x: number; base: number; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    const t = rng.next();
    items.push({
      x: rng.range(-20, width + 20),
      base: horizon + (height - horizon) * (0.45 + 0.55 * t),
      size: 30 + 110 * t * t,
    });
  }
  items.sort((a, b) => a.base - b.base);
  return items.map((f) => flower(c, f.x, f.base, f.size, rng.pick(colours))).join("");
}
