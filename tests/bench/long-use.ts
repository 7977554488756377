import type { Browser } from 'playwright-core';
import type { BenchServer } from './bench-server.ts';
import { formatBytes, formatSignedBytes, formatTable } from './format.ts';
import { exerciseTheCrm, usedHeapAfterGc } from './page-cost.ts';
import type { Scenario } from './scenarios.ts';

/** One page's JS heap after a forced garbage collection at each checkpoint of a long scripted use. */
export interface LongUseRun {
  id: string;
  label: string;
  /** Seconds of use at each checkpoint, and the heap then (bytes), one per checkpoint. */
  heapBytes: number[];
  /** Uses of the CRM (rounds of clicks, typing and navigation) done by each checkpoint. */
  rounds: number[];
}

/** `BENCH_ONLY=long-use`: does the SDK's heap level off over minutes of use, or keep growing? */
export interface LongUseResult {
  checkpointsS: number[];
  runs: LongUseRun[];
}

/** `LONG_USE_SECONDS` (default 10,60,180,300): the checkpoints, in seconds of use, ascending. */
export function longUseCheckpoints(value = '10,60,180,300'): number[] {
  const seconds = value.split(',').map(Number);
  if (!seconds.every((each, index) => Number.isFinite(each) && each > 0 && (index === 0 || each > seconds[index - 1]!)))
    throw new Error(`LONG_USE_SECONDS must be ascending seconds, e.g. 10,60,180; got "${value}"`);
  return seconds;
}

/**
 * Loads each scenario's page once (no CPU throttle: minutes of use at 4× would be hours) and uses the CRM as the
 * page-cost run does, reading the heap at each checkpoint. A heap that keeps growing with the uses is a leak; one that
 * levels off is the code and state a long session settles at.
 */
export async function measureLongUse(
  browser: Browser,
  server: BenchServer,
  scenarios: readonly Scenario[],
  checkpointsS: readonly number[],
): Promise<LongUseResult> {
  const runs: LongUseRun[] = [];
  for (const scenario of scenarios) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(`${server.origin}/demo/?sdk=${scenario.id}`);
      const started = Date.now();
      const run: LongUseRun = { id: scenario.id, label: scenario.label, heapBytes: [], rounds: [] };
      let rounds = 0;
      for (const seconds of checkpointsS) {
        rounds += await exerciseTheCrm(page, started + seconds * 1000 - Date.now());
        run.heapBytes.push(await usedHeapAfterGc(cdp));
        run.rounds.push(rounds);
      }
      runs.push(run);
      process.stdout.write('.');
    } finally {
      await context.close();
    }
  }
  process.stdout.write('\n');
  return { checkpointsS: [...checkpointsS], runs };
}

/** Each page's heap at each checkpoint, with what the SDK adds to the page without one at the same moment. */
export function longUseTable({ checkpointsS, runs }: LongUseResult): string {
  const none = runs.find((run) => run.id === 'none');
  return formatTable(
    ['page', ...checkpointsS.map((seconds) => `${seconds} s`)],
    runs.map((run) => [
      run.label,
      ...run.heapBytes.map((bytes, index) => {
        const cell = `${formatBytes(bytes)}, ${run.rounds[index]} uses`;
        if (!none || run === none) return cell;
        return `${cell} (${formatSignedBytes(bytes - none.heapBytes[index]!)})`;
      }),
    ]),
  );
}
