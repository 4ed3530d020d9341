// Reports for latency scenarios (post, stream), which measure how long one thing takes rather than
// req/s against a bare server: a text table, a JSON record and an SVG of p50/p90/p99/max per series
// on a log scale, with the goal drawn in.
import type { LoadResult } from "./load.ts";
import {
  DB_LABEL,
  escapeXml,
  formatInt,
  formatMs,
  type GoalVerdict,
  type Machine,
  p99Verdict,
  renderVerdicts,
} from "./report.ts";
import type { Check, DbKind, LatencySeries, Scenario } from "./scenario.ts";

export interface LatencyReport {
  kind: "latency";
  scenario: { name: string; description: string };
  date: string;
  machine: Machine;
  db: DbKind;
  dataset: string;
  options: { connections: number; durationSec: number; posts: number; postRate: number };
  series: LatencySeries[];
  checks: Check[];
  goals: GoalVerdict[];
  /** Every check passed and nothing errored (goals are reported, not enforced). */
  ok: boolean;
}

/** Exact percentiles of raw samples (ms). */
export function seriesFrom(
  label: string,
  samples: number[],
  extra: Partial<Pick<LatencySeries, "errors" | "goal" | "note">> = {},
): LatencySeries {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : Number.NaN;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    label,
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    errors: extra.errors ?? 0,
    ...(extra.goal ? { goal: true } : {}),
    ...(extra.note ? { note: extra.note } : {}),
  };
}

/** A series from an autocannon run (its histogram's percentiles). */
export function seriesFromLoad(
  label: string,
  result: LoadResult,
  extra: Partial<Pick<LatencySeries, "goal" | "note">> = {},
): LatencySeries {
  return {
    label,
    count: result.requestsTotal,
    p50: result.latencyMs.p50,
    p90: result.latencyMs.p90,
    p99: result.latencyMs.p99,
    max: result.latencyMs.max,
    mean: result.latencyMs.average,
    errors: result.errors + result.non2xx,
    ...(extra.goal ? { goal: true } : {}),
    ...(extra.note ? { note: extra.note } : {}),
  };
}

export function latencyVerdicts(scenario: Scenario, series: LatencySeries[]): GoalVerdict[] {
  const maxMs = scenario.goals?.p99Ms;
  if (maxMs === undefined) return [];
  return series.filter((s) => s.goal).map((s) => p99Verdict(maxMs, s.p99, s.label));
}

export function renderLatencyTable(report: LatencyReport): string {
  const header = ["", "count", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", ""];
  const rows = report.series.map((s) => [
    s.label,
    formatInt(s.count),
    formatMs(s.p50),
    formatMs(s.p90),
    formatMs(s.p99),
    formatMs(s.max),
    String(s.errors),
    s.note ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
      )
      .join("  ")
      .trimEnd();
  return [
    `${report.scenario.name}: ${report.scenario.description}`,
    `  on ${DB_LABEL[report.db]}; ${report.dataset}`,
    `  ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}`,
    "",
    `  ${line(header)}`,
    ...rows.map((r) => `  ${line(r)}`),
    "",
    ...report.checks.map((c) => `  ${c.ok ? "✓" : "✗"} ${c.label}: ${c.detail}`),
    ...renderVerdicts(report.goals),
  ].join("\n");
}

/** The smallest 1, 2 or 5 × 10^n at or above `v`. */
function niceCeiling(v: number): number {
  const pow = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * pow >= v) return m * pow;
  return 10 * pow;
}

const tickLabel = (ms: number) => (ms >= 1000 ? `${formatMs(ms / 1000)} s` : `${formatMs(ms)}`);

/** Log-scale ticks covering [lo, hi]: 1, 2, 5 × 10^n over a few decades, powers of ten beyond. */
function logTicks(lo: number, hi: number): number[] {
  const steps = Math.log10(hi / lo) > 3 ? [1] : [1, 2, 5];
  const ticks: number[] = [];
  for (let pow = Math.floor(Math.log10(lo)); 10 ** pow <= hi * 1.0001; pow++) {
    for (const m of steps) {
      const t = m * 10 ** pow;
      if (t >= lo * 0.9999 && t <= hi * 1.0001) ticks.push(t);
    }
  }
  return ticks;
}

/** "35 ms", "1.8 s": latencies in the chart's labels. */
const formatLatency = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toPrecision(ms >= 10_000 ? 3 : 2)} s` : `${formatMs(ms)} ms`;

/** Per series: a bar to p50, a lighter bar on to p99, a tick at p90 and a dot at max; log scale. */
export function renderLatencySvg(report: LatencyReport): string {
  const width = 820;
  const left = 250;
  const right = 150;
  const top = 86;
  const rowHeight = 34;
  const gap = 30;
  const plotWidth = width - left - right;
  const values = report.series.flatMap((s) => [s.p50, s.max]).filter((v) => Number.isFinite(v) && v > 0);
  const goal = report.goals[0]?.threshold;
  if (goal !== undefined) values.push(goal);
  const lo = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...values, 1))));
  const hi = niceCeiling(Math.max(...values, 10));
  const x = (v: number) =>
    left + (Math.log10(Math.min(Math.max(v, lo), hi) / lo) / Math.log10(hi / lo)) * plotWidth;
  const plotBottom = top + report.series.length * (rowHeight + gap) - gap + 10;
  const height = plotBottom + 84;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" role="img" aria-labelledby="t d">`,
    `<title id="t">${escapeXml(`${report.scenario.name} on ${DB_LABEL[report.db]}: ${report.series.map((s) => `${s.label} p99 ${formatMs(s.p99)} ms`).join("; ")}`)}</title>`,
    `<desc id="d">${escapeXml(report.scenario.description)}</desc>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="24" y="32" font-size="18" font-weight="600" fill="#1d1d1f">${escapeXml(`${report.scenario.name} on ${DB_LABEL[report.db]}`)}</text>`,
    `<text x="24" y="54" font-size="13" fill="#555">${escapeXml(report.scenario.description)}</text>`,
  ];
  for (const tick of logTicks(lo, hi)) {
    const tx = x(tick).toFixed(1);
    parts.push(
      `<line x1="${tx}" y1="${top - 8}" x2="${tx}" y2="${plotBottom}" stroke="#e3e3e8" stroke-width="1"/>`,
      `<text x="${tx}" y="${plotBottom + 18}" font-size="11" fill="#777" text-anchor="middle">${tickLabel(tick)}</text>`,
    );
  }
  parts.push(
    `<text x="${left + plotWidth / 2}" y="${plotBottom + 36}" font-size="11" fill="#777" text-anchor="middle">latency, ms (log scale)</text>`,
  );
  if (goal !== undefined) {
    const met = report.goals.every((g) => g.met);
    const colour = met ? "#2e7d32" : "#c62828";
    const gx = x(goal).toFixed(1);
    parts.push(
      `<line x1="${gx}" y1="${top - 12}" x2="${gx}" y2="${plotBottom}" stroke="${colour}" stroke-width="2" stroke-dasharray="5 4"/>`,
      `<text x="${gx}" y="${top - 16}" font-size="11" fill="${colour}" text-anchor="middle">${escapeXml(`goal: p99 ≤ ${formatMs(goal)} ms`)}</text>`,
    );
  }
  report.series.forEach((s, i) => {
    const y = top + i * (rowHeight + gap);
    const mid = y + rowHeight / 2;
    const fill = s.goal ? "#5b3cc4" : "#8a8f98";
    parts.push(
      `<text x="${left - 12}" y="${y + 14}" font-size="13" font-weight="600" fill="#1d1d1f" text-anchor="end">${escapeXml(s.label)}</text>`,
      `<text x="${left - 12}" y="${y + 30}" font-size="11" fill="#666" text-anchor="end">${escapeXml(`${formatInt(s.count)} samples${s.errors ? `, ${s.errors} errors` : ""}${s.note ? ` · ${s.note}` : ""}`)}</text>`,
    );
    if (!s.count) return;
    parts.push(
      `<rect x="${left}" y="${y}" width="${Math.max(1, x(s.p99) - left).toFixed(1)}" height="${rowHeight}" rx="3" fill="${fill}" fill-opacity="0.35"/>`,
      `<rect x="${left}" y="${y}" width="${Math.max(1, x(s.p50) - left).toFixed(1)}" height="${rowHeight}" rx="3" fill="${fill}"/>`,
      `<line x1="${x(s.p90).toFixed(1)}" y1="${y + 4}" x2="${x(s.p90).toFixed(1)}" y2="${y + rowHeight - 4}" stroke="#1d1d1f" stroke-width="1.5"><title>p90 ${formatMs(s.p90)} ms</title></line>`,
      `<line x1="${x(s.p99).toFixed(1)}" y1="${mid}" x2="${x(s.max).toFixed(1)}" y2="${mid}" stroke="#1d1d1f" stroke-width="1"/>`,
      `<circle cx="${x(s.max).toFixed(1)}" cy="${mid}" r="3.5" fill="#ffffff" stroke="#1d1d1f" stroke-width="1.2"><title>max ${formatMs(s.max)} ms</title></circle>`,
      `<text x="${(x(s.max) + 10).toFixed(1)}" y="${mid + 4}" font-size="12" fill="#1d1d1f">${escapeXml(`p50 ${formatLatency(s.p50)} · p99 ${formatLatency(s.p99)}`)}</text>`,
    );
  });
  const footer = `${report.date.slice(0, 16).replace("T", " ")} UTC · ${report.machine.cpus} × ${report.machine.cpuModel} · Node ${report.machine.node} · dark bar p50, light bar p99, tick p90, dot max`;
  parts.push(
    `<text x="24" y="${height - 30}" font-size="11" fill="#888">${escapeXml(report.dataset)}</text>`,
    `<text x="24" y="${height - 14}" font-size="11" fill="#888">${escapeXml(footer)}</text>`,
    "</svg>",
  );
  return `${parts.join("\n")}\n`;
}
