import { parseArgs } from 'node:util';

/** What `npm run loadtest -- --help` prints, and what a refused option is followed by. */
export const USAGE = `usage: npm run loadtest -- --target URL [--duration 60] [--rate 500] [--key WRITE_KEY]
       npm run loadtest -- --target URL --ramp [--rate 100] [--step-seconds 10] [--p99-limit 250] [--max-rate 50000]
  --rate        events per second (ramp: the first step's rate; each step is 1.5x the last)
  --batch       events per gzipped batch (default 20)
  --key         the public write key (default INSIGHTS_WRITE_KEY)
  --json FILE   also write the JSON result to FILE`;

/** One phase at a fixed rate for a duration. */
export interface FixedRun {
  mode: 'fixed';
  eventsPerSecond: number;
  durationMs: number;
}

/** Steps from `firstRate`, each 1.5x the last, up to `maxRate`, while p99 stays within `p99LimitMs`. */
export interface RampRun {
  mode: 'ramp';
  firstRate: number;
  stepMs: number;
  maxRate: number;
  p99LimitMs: number;
}

/** The loadtest command's options, checked and in the units the phases take. */
export interface LoadTestOptions {
  target: string;
  writeKey: string;
  batchSize: number;
  /** Where the JSON result is also written, if anywhere. */
  json?: string;
  run: FixedRun | RampRun;
}

/** Reads the command line (and INSIGHTS_WRITE_KEY from `env`) into options, or throws saying which one is wrong. */
export function readLoadTestOptions(
  args: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): LoadTestOptions | 'help' {
  const { values } = parseArgs({
    args,
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
  if (values.help) return 'help';
  if (!values.target || !/^https?:\/\//.test(values.target))
    throw new Error(`--target must be the server's URL, e.g. http://127.0.0.1:8787\n${USAGE}`);
  const writeKey = values.key ?? env.INSIGHTS_WRITE_KEY;
  if (!writeKey) throw new Error(`--key (or INSIGHTS_WRITE_KEY) is required: the public write key\n${USAGE}`);
  const batchSize = number('batch', values.batch, 1, 500);
  const run: FixedRun | RampRun = values.ramp
    ? {
        mode: 'ramp',
        p99LimitMs: number('p99-limit', values['p99-limit'], 1, 60_000),
        stepMs: number('step-seconds', values['step-seconds'], 1, 600) * 1000,
        maxRate: number('max-rate', values['max-rate'], 1, 1e6),
        firstRate: number('rate', values.rate, 1, 1e6),
      }
    : {
        mode: 'fixed',
        eventsPerSecond: number('rate', values.rate, 1, 1e6),
        durationMs: number('duration', values.duration, 1, 3600) * 1000,
      };
  return { target: values.target, writeKey, batchSize, ...(values.json ? { json: values.json } : {}), run };
}

/** The option `--name`'s value as a number from `min` to `max`, or an error that says so. */
function number(name: string, value: string | undefined, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max)
    throw new Error(`--${name} must be a number from ${min} to ${max}, got "${value}"\n${USAGE}`);
  return parsed;
}
