// A latency run: the scenario measures against the running Atelier itself (`measure`), then, once
// Atelier has stopped, checks what the run left in the database (`verify`).
import { type LatencyReport, latencyVerdicts } from "./latency-report.ts";
import { BenchError, showProgress, status } from "./procs.ts";
import type { BenchEnv, MeasureContext, Measured, RunOptions, Scenario, SetupResult } from "./scenario.ts";
import { ensureAlive, runLoad, type Target } from "./target.ts";
import { machine } from "./throughput.ts";

export interface LatencyInput {
  scenario: Scenario;
  options: RunOptions;
  env: BenchEnv;
  target: Target;
  setup: SetupResult | undefined;
  dataset: string;
}

export interface LatencyRun {
  /** Runs `verify` (Atelier must have stopped by now) and builds the report. */
  finish(): Promise<LatencyReport>;
}

export async function runLatency(input: LatencyInput): Promise<LatencyRun> {
  const { scenario, options, env, target } = input;
  if (!scenario.measure) throw new BenchError(`scenario ${scenario.name} has no measure step`);
  const ctx: MeasureContext = {
    url: target.url,
    env,
    options,
    setup: input.setup,
    status,
    progress: (label, done, total, unit) =>
      showProgress(
        label,
        done,
        total,
        `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${unit}`,
      ),
    load: async (label, requests, connections, durationSec) => {
      const result = await runLoad({ url: target.url, requests, connections, durationSec, label });
      ensureAlive("Atelier", target.child, target.output);
      return result;
    },
  };
  const measured: Measured = await scenario.measure(ctx);
  ensureAlive("Atelier", target.child, target.output);
  return {
    async finish() {
      const checks = [...measured.checks];
      if (scenario.verify) {
        status("  verifying in the database…");
        checks.push(...(await scenario.verify(env, measured)));
      }
      const goals = latencyVerdicts(scenario, measured.series);
      return {
        kind: "latency",
        scenario: { name: scenario.name, description: scenario.description },
        date: new Date().toISOString(),
        machine: machine(),
        db: env.db,
        dataset: input.dataset,
        options: {
          connections: options.connections,
          durationSec: options.durationSec,
          posts: options.posts,
          postRate: options.postRate,
        },
        series: measured.series,
        checks,
        goals,
        ok: checks.every((c) => c.ok) && measured.series.every((s) => s.errors === 0),
      };
    },
  };
}
