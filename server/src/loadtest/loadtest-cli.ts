import { writeFileSync } from 'node:fs';
import { runPhase } from './open-loop.ts';
import type { PhasePlan } from './open-loop.ts';
import { readLoadTestOptions, USAGE } from './loadtest-options.ts';
import type { FixedRun, RampRun } from './loadtest-options.ts';
import type { PhaseResult } from './phase-tally.ts';

/** What every phase of a run shares: where it sends, with which key, in batches of which size. */
type PhaseBase = Omit<PhasePlan, 'eventsPerSecond' | 'durationMs'>;

/** The phases a run measured, and (for a ramp) the last healthy step's achieved rate. */
interface RunOutcome {
  phases: PhaseResult[];
  saturation: number | undefined;
}

/** `npm run loadtest`: a fixed-rate run or a ramp to the saturation point; a progress line, then a table and JSON. */
async function main(): Promise<void> {
  const options = readLoadTestOptions();
  if (options === 'help') return void console.log(USAGE);
  const base: PhaseBase = {
    target: options.target,
    writeKey: options.writeKey,
    batchSize: options.batchSize,
    maxInFlight: 256,
    visitors: 50,
  };
  const { run } = options;
  const outcome = run.mode === 'ramp' ? await ramp(base, run) : await fixedRate(base, run);
  process.stderr.write('\n');
  console.log(table(outcome.phases));
  const summary = {
    target: options.target,
    mode: run.mode,
    ...(run.mode === 'ramp' ? { saturationEventsPerSecond: outcome.saturation ?? 0, p99LimitMs: run.p99LimitMs } : {}),
    phases: outcome.phases,
  };
  console.log(JSON.stringify(summary, null, 2));
  if (options.json) writeFileSync(options.json, `${JSON.stringify(summary, null, 2)}\n`);
}

/** Runs the one phase of a fixed-rate run. */
async function fixedRate(base: PhaseBase, { eventsPerSecond, durationMs }: FixedRun): Promise<RunOutcome> {
  return {
    phases: [await runPhase({ ...base, eventsPerSecond, durationMs }, progress('load'))],
    saturation: undefined,
  };
}

/**
 * Runs steps of rising rate until one is unhealthy (p99 past the limit, or more than 1% of requests refused,
 * failed or skipped); the saturation point is the last healthy step's achieved rate.
 */
async function ramp(base: PhaseBase, { firstRate, stepMs, maxRate, p99LimitMs }: RampRun): Promise<RunOutcome> {
  const phases: PhaseResult[] = [];
  let saturation: number | undefined;
  for (let rate = firstRate; rate <= maxRate; rate = Math.round(rate * 1.5)) {
    const result = await runPhase(
      { ...base, eventsPerSecond: rate, durationMs: stepMs },
      progress(`ramp ${rate} events/s`),
    );
    phases.push(result);
    const healthy =
      result.latencyMs.p99 <= p99LimitMs &&
      result.failed + result.rateLimited + result.skipped <= result.requests * 0.01;
    if (!healthy) break;
    saturation = result.achievedEventsPerSecond;
  }
  return { phases, saturation };
}

/** A progress callback that rewrites one stderr line, led by `label`. */
function progress(label: string): (result: PhaseResult, elapsedMs: number) => void {
  return (result, elapsedMs) =>
    process.stderr.write(
      `\r${label} ${Math.round(elapsedMs / 1000)} s: ${result.requests} requests, ${result.ok} ok, ${result.rateLimited} 429, ${result.failed} failed, p99 ${result.latencyMs.p99} ms, ${result.achievedEventsPerSecond} events/s   `,
    );
}

/** A plain-text table, one row per phase. */
export function table(phases: readonly PhaseResult[]): string {
  const header = [
    'rate ev/s',
    'achieved ev/s',
    'requests',
    'ok',
    '429',
    'failed',
    'skipped',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'KB sent',
  ];
  const rows = phases.map((phase) =>
    [
      phase.eventsPerSecond,
      phase.achievedEventsPerSecond,
      phase.requests,
      phase.ok,
      phase.rateLimited,
      phase.failed,
      phase.skipped,
      phase.latencyMs.p50,
      phase.latencyMs.p95,
      phase.latencyMs.p99,
      phase.latencyMs.max,
      Math.round(phase.bytesSent / 1024),
    ].map(String),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padStart(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
