import { parseArgs } from 'node:util';
import { runPhase } from './open-loop.ts';
import type { PhaseResult } from './phase-tally.ts';

const USAGE = `usage: npm run loadtest -- --target URL [--duration 60] [--rate 500] [--key WRITE_KEY]
       npm run loadtest -- --target URL --ramp [--rate 100] [--step-seconds 10] [--p99-limit 250] [--max-rate 50000]
  --rate        events per second (ramp: the first step's rate; each step is 1.5x the last)
  --batch       events per gzipped batch (default 20)
  --key         the public write key (default INSIGHTS_WRITE_KEY)
  --json FILE   also write the JSON result to FILE`;

/** `npm run loadtest`: a fixed-rate run or a ramp to the saturation point; a progress line, then a table and JSON. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      duration: { type: 'string', default: '60' },
      rate: { type: 'string', default: '500' },
      batch: { type: 'string', default: '20' },
      key: { type: 'string' },
      ramp: { type: 'boolean', default: false },
      'step-seconds': { type: 'string', default: '10' },
      'p99-limit': { type: 'string', default: '250' },
      'max-rate': { type: 'string', default: '50000' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const number = (name: string, value: string | undefined, min: number, max: number) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max)
      throw new Error(`--${name} must be a number from ${min} to ${max}, got "${value}"\n${USAGE}`);
    return parsed;
  };
  if (!values.target || !/^https?:\/\//.test(values.target))
    throw new Error(`--target must be the server's URL, e.g. http://127.0.0.1:8787\n${USAGE}`);
  const writeKey = values.key ?? process.env.INSIGHTS_WRITE_KEY;
  if (!writeKey) throw new Error(`--key (or INSIGHTS_WRITE_KEY) is required: the public write key\n${USAGE}`);
  const base = {
    target: values.target,
    writeKey,
    batchSize: number('batch', values.batch, 1, 500),
    maxInFlight: 256,
    visitors: 50,
  };
  const progress = (label: string) => (result: PhaseResult, elapsedMs: number) =>
    process.stderr.write(
      `\r${label} ${Math.round(elapsedMs / 1000)} s: ${result.requests} requests, ${result.ok} ok, ${result.rateLimited} 429, ${result.failed} failed, p99 ${result.latencyMs.p99} ms, ${result.achievedEventsPerSecond} events/s   `,
    );

  const phases: PhaseResult[] = [];
  let saturation: number | undefined;
  if (values.ramp) {
    const limit = number('p99-limit', values['p99-limit'], 1, 60_000);
    const stepMs = number('step-seconds', values['step-seconds'], 1, 600) * 1000;
    const maxRate = number('max-rate', values['max-rate'], 1, 1e6);
    for (let rate = number('rate', values.rate, 1, 1e6); rate <= maxRate; rate = Math.round(rate * 1.5)) {
      const result = await runPhase(
        { ...base, eventsPerSecond: rate, durationMs: stepMs },
        progress(`ramp ${rate} events/s`),
      );
      phases.push(result);
      const healthy =
        result.latencyMs.p99 <= limit && result.failed + result.rateLimited + result.skipped <= result.requests * 0.01;
      if (!healthy) break;
      saturation = result.achievedEventsPerSecond;
    }
  } else {
    phases.push(
      await runPhase(
        {
          ...base,
          eventsPerSecond: number('rate', values.rate, 1, 1e6),
          durationMs: number('duration', values.duration, 1, 3600) * 1000,
        },
        progress('load'),
      ),
    );
  }
  process.stderr.write('\n');
  console.log(table(phases));
  const summary = {
    target: values.target,
    mode: values.ramp ? 'ramp' : 'fixed',
    ...(values.ramp ? { saturationEventsPerSecond: saturation ?? 0, p99LimitMs: Number(values['p99-limit']) } : {}),
    phases,
  };
  console.log(JSON.stringify(summary, null, 2));
  if (values.json) (await import('node:fs')).writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
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
