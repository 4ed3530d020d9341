// Turns a finished benchmark into what people read: a text table, a JSON record and an SVG chart.
import type { LoadResult } from "./load.ts";
import type { DbKind, Goals } from "./scenario.ts";

export interface ServerSummary {
  label: string;
  /** Medians over the measured rounds, metric by metric. */
  median: {
    requestsPerSec: number;
    p50: number;
    p99: number;
  };
  /** Sums over the measured rounds. */
  errors: number;
  timeouts: number;
  non2xx: number;
  rounds: LoadResult[];
}

export interface Payload {
  method: string;
  path: string;
  status: number;
  contentType: string;
  contentEncoding: string | null;
  bytes: number;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
}

/** One goal from the issue, met or not. */
export interface GoalVerdict {
  kind: "ratio" | "p99";
  threshold: number;
  goal: string;
  actual: string;
  met: boolean;
}

export interface BenchReport {
  kind?: "throughput";
  scenario: { name: string; description: string };
  date: string;
  machine: Machine;
  /** The database Atelier ran on and the generated data, when the scenario has any. */
  db?: DbKind;
  dataset?: string;
  options: { connections: number; durationSec: number; rounds: number; warmupSec: number };
  payloads: Payload[];
  bare: ServerSummary;
  target: ServerSummary;
  /** target / bare, for req/s (higher is better; 1 = as fast as bare node:http). */
  ratio: number;
  goals?: GoalVerdict[];
  ok: boolean;
}

export const DB_LABEL: Record<DbKind, string> = { pglite: "PGlite", postgres: "PostgreSQL" };

/** The issue's goals for a throughput run: req/s ratio (per database) and Atelier's p99. */
export function throughputVerdicts(goals: Goals | undefined, db: DbKind, ratio: number, p99: number) {
  const verdicts: GoalVerdict[] = [];
  const minRatio = goals?.ratio?.[db];
  if (minRatio !== undefined) {
    verdicts.push({
      kind: "ratio",
      threshold: minRatio,
      goal: `req/s ratio ≥ ${minRatio} on ${DB_LABEL[db]}`,
      actual: formatRatio(ratio),
      met: ratio >= minRatio,
    });
  }
  if (goals?.p99Ms !== undefined) {
    verdicts.push(p99Verdict(goals.p99Ms, p99));
  }
  return verdicts;
}

export function p99Verdict(maxMs: number, p99: number, what = ""): GoalVerdict {
  return {
    kind: "p99",
    threshold: maxMs,
    goal: `${what ? `${what} ` : ""}p99 ≤ ${formatMs(maxMs)} ms`,
    actual: `${formatMs(p99)} ms`,
    met: p99 <= maxMs,
  };
}

export function renderVerdicts(verdicts: GoalVerdict[] | undefined): string[] {
  return (verdicts ?? []).map((v) => `  ${v.met ? "✓ goal met" : "✗ goal missed"}: ${v.goal} (${v.actual})`);
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(label: string, rounds: LoadResult[]): ServerSummary {
  const sum = (pick: (r: LoadResult) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  return {
    label,
    median: {
      requestsPerSec: median(rounds.map((r) => r.requestsPerSec)),
      p50: median(rounds.map((r) => r.latencyMs.p50)),
      p99: median(rounds.map((r) => r.latencyMs.p99)),
    },
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    rounds,
  };
}

export const formatInt = (n: number) => Math.round(n).toLocaleString("en-US");
export const formatMs = (n: number) =>
  Number.isInteger(n) || n >= 10 ? Math.round(n).toString() : n.toFixed(1);
export const formatRatio = (n: number) => (n >= 0.1 ? n.toFixed(2) : n.toPrecision(2));
export const formatBytes = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${(n / 1024 / 1024).toFixed(1)} MiB`;

export function renderTable(report: BenchReport): string {
  const { options } = report;
  const header = ["", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx", "rounds (req/s)"];
  const rows = [report.bare, report.target].map((s) => [
    s.label,
    formatInt(s.median.requestsPerSec),
    formatMs(s.median.p50),
    formatMs(s.median.p99),
    String(s.errors),
    String(s.non2xx),
    s.rounds.map((r) => formatInt(r.requestsPerSec)).join("  "),
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
    ...(report.db ? [`  on ${DB_LABEL[report.db]}; ${report.dataset ?? "no generated data"}`] : []),
    ...report.payloads.map(
      (p) =>
        `  ${p.method} ${p.path} → ${p.status} ${p.contentType}${p.contentEncoding ? ` (${p.contentEncoding})` : ""}, ${formatBytes(p.bytes)}`,
    ),
    `  ${options.connections} connections, ${options.durationSec} s per run, median of ${options.rounds} round${options.rounds === 1 ? "" : "s"}` +
      `; ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}`,
    "",
    `  ${line(header)}`,
    ...rows.map((r) => `  ${line(r)}`),
    "",
    `  ratio target/bare (req/s): ${formatRatio(report.ratio)}`,
    ...renderVerdicts(report.goals),
  ].join("\n");
}

export const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );

/** A step of 1, 2, 2.5 or 5 × 10^n giving about `count` ticks up to `max`. */
export function niceStep(max: number, count: number): number {
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

/** Horizontal bars of median req/s (bare vs target) with each round as a dot; no dependencies. */
export function renderSvg(report: BenchReport): string {
  const width = 760;
  const left = 170;
  const right = 110;
  const top = 78;
  const barHeight = 46;
  const gap = 34;
  const plotWidth = width - left - right;
  const servers = [
    { summary: report.bare, fill: "#8a8f98" },
    { summary: report.target, fill: "#5b3cc4" },
  ];
  const peak = Math.max(1, ...servers.flatMap((s) => s.summary.rounds.map((r) => r.requestsPerSec)));
  const step = niceStep(peak, 5);
  const axisMax = Math.ceil(peak / step) * step;
  const x = (value: number) => left + (value / axisMax) * plotWidth;
  const plotBottom = top + servers.length * (barHeight + gap) - gap + 10;
  const height = plotBottom + (report.dataset ? 80 : 64);
  const { options, machine } = report;
  const path = report.payloads.map((p) => `${p.method} ${p.path}`).join(", ");

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" role="img" aria-labelledby="t d">`,
    `<title id="t">${escapeXml(`${report.scenario.name}: target ${formatInt(report.target.median.requestsPerSec)} req/s vs bare ${formatInt(report.bare.median.requestsPerSec)} req/s (ratio ${formatRatio(report.ratio)})`)}</title>`,
    `<desc id="d">${escapeXml(report.scenario.description)}</desc>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="24" y="32" font-size="18" font-weight="600" fill="#1d1d1f">${escapeXml(`${report.scenario.name}${report.db ? ` on ${DB_LABEL[report.db]}` : ""} — ${path}`)}</text>`,
    `<text x="24" y="54" font-size="13" fill="#555">${escapeXml(`requests per second, median of ${options.rounds} × ${options.durationSec} s, ${options.connections} connections · target/bare = ${formatRatio(report.ratio)}`)}</text>`,
  );
  for (let tick = 0; tick <= axisMax + step / 2; tick += step) {
    const tx = x(tick).toFixed(1);
    parts.push(
      `<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${plotBottom}" stroke="#e3e3e8" stroke-width="1"/>`,
      `<text x="${tx}" y="${plotBottom + 18}" font-size="11" fill="#777" text-anchor="middle">${formatInt(tick)}</text>`,
    );
  }
  const goalRatio = report.goals?.find((g) => g.kind === "ratio");
  if (goalRatio) {
    // The goal as a req/s mark: the minimum ratio times bare's median.
    const minRatio = goalRatio.threshold;
    const gx = x(Math.min(axisMax, minRatio * report.bare.median.requestsPerSec)).toFixed(1);
    parts.push(
      `<line x1="${gx}" y1="${top - 10}" x2="${gx}" y2="${plotBottom}" stroke="${goalRatio.met ? "#2e7d32" : "#c62828"}" stroke-width="2" stroke-dasharray="5 4"/>`,
      `<text x="${gx}" y="${top - 14}" font-size="11" fill="${goalRatio.met ? "#2e7d32" : "#c62828"}" text-anchor="middle">${escapeXml(`goal: ${minRatio} × bare`)}</text>`,
    );
  }
  servers.forEach(({ summary, fill }, i) => {
    const y = top + i * (barHeight + gap);
    const barEnd = x(summary.median.requestsPerSec);
    const labelX = Math.max(barEnd, ...summary.rounds.map((r) => x(r.requestsPerSec))) + 10;
    parts.push(
      `<text x="${left - 12}" y="${y + 20}" font-size="14" font-weight="600" fill="#1d1d1f" text-anchor="end">${escapeXml(summary.label)}</text>`,
      `<text x="${left - 12}" y="${y + 38}" font-size="11" fill="#666" text-anchor="end">${escapeXml(`p50 ${formatMs(summary.median.p50)} ms · p99 ${formatMs(summary.median.p99)} ms`)}</text>`,
      `<rect x="${left}" y="${y}" width="${Math.max(1, barEnd - left).toFixed(1)}" height="${barHeight}" rx="4" fill="${fill}"/>`,
      `<text x="${labelX.toFixed(1)}" y="${y + barHeight / 2 + 5}" font-size="14" font-weight="600" fill="#1d1d1f">${formatInt(summary.median.requestsPerSec)}</text>`,
    );
    for (const round of summary.rounds) {
      parts.push(
        `<circle cx="${x(round.requestsPerSec).toFixed(1)}" cy="${y + barHeight / 2}" r="3.5" fill="#ffffff" stroke="#1d1d1f" stroke-width="1.2"><title>${formatInt(round.requestsPerSec)} req/s</title></circle>`,
      );
    }
    if (summary.errors + summary.non2xx > 0) {
      parts.push(
        `<text x="${left + 8}" y="${y + barHeight / 2 + 5}" font-size="12" font-weight="600" fill="#fff">${escapeXml(`${summary.errors} errors, ${summary.non2xx} non-2xx`)}</text>`,
      );
    }
  });
  parts.push(
    `<text x="24" y="${height - 16}" font-size="11" fill="#888">${escapeXml(`${report.date.slice(0, 16).replace("T", " ")} UTC · ${machine.cpus} × ${machine.cpuModel} · Node ${machine.node} · dots are single rounds`)}</text>`,
    ...(report.dataset
      ? [`<text x="24" y="${height - 32}" font-size="11" fill="#888">${escapeXml(report.dataset)}</text>`]
      : []),
    "</svg>",
  );
  return `${parts.join("\n")}\n`;
}
