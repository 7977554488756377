import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { ExperimentSummary } from '../../../../shared/flags/list-experiments.ts';
import { runCommand } from '../../commands.ts';
import type { MetricSpec } from '../../flags/experiment-results.ts';
import type { Settings } from '../../settings.ts';
import { openStorage } from '../../storage/storage.ts';
import type { Storage } from '../../storage/types.ts';
import { randomEvents } from '../queries/random-events.ts';
import { progressLine } from './progress-line.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 2);
const RANGE = { since: START, until: START + 28 * DAY };
const EXPERIMENT: ExperimentSummary = {
  key: 'exp',
  flag: 'exp',
  ruleId: 'r1',
  variations: ['0', '1'],
  weights: [0.5, 0.5],
  hashAttribute: 'id',
  active: true,
};
const METRICS: MetricSpec[] = [
  { kind: 'conversion', event: 'C' },
  { kind: 'mean', property: 'value', event: 'A' },
];

/** Every read over the whole data set, as the routes ask them. */
async function answers(storage: Storage): Promise<unknown[]> {
  const run = storage.analytics.run.bind(storage.analytics);
  return [
    await run('funnel', { steps: ['A', 'B', 'page:/deals', 'C'], windowMs: 3 * DAY, ...RANGE, experiment: 'exp' }),
    await run('retention', RANGE),
    await run('vitals', RANGE),
    await run('errorGroups', { ...RANGE, statuses: [] }),
    await run('errorImpact', { fingerprint: 'fp-a', conversion: 'C', ...RANGE }),
    await run('nps', {}),
    await run('experimentResults', { experiment: EXPERIMENT, metrics: METRICS }),
  ];
}

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('rebuilds the projection from the record with progress, and every read answers as before', async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-insights-rebuild-'));
  const settings: Settings = {
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    writeKey: 'pk',
    readKey: 'sk',
    publicDir: dir,
    generatedKeys: [],
    analytics: { batchSize: 250 },
  };
  const events = randomEvents(3000, 13, START);
  let storage = await openStorage(settings);
  for (let index = 0; index < events.length; index += 500) await storage.insertEvents(events.slice(index, index + 500));
  const before = await answers(storage);
  // Answers with substance, so that "the same" means something.
  expect((before[0] as { result: { count: number }[] }).result[0]!.count).toBeGreaterThan(0);
  expect((before[3] as { groups: unknown[] }).groups.length).toBeGreaterThan(2);
  expect((before[4] as { affected: { sessions: number } }).affected.sessions).toBeGreaterThan(0);
  expect(await storage.analytics.status()).toMatchObject({ rows: 3000, lagEvents: 0 });
  await storage.close();

  const log: string[] = [];
  await runCommand('rebuild-analytics', settings, [], (line) => log.push(line));
  expect(log.at(-2)).toMatch(/^projected 3,000 of 3,000 events \(100%\), [\d,]+ events\/s$/);
  expect(log.at(-1)).toMatch(/^analytics projection rebuilt: 3000 events \([\d.]+ MB\) in [\d.]+ s$/);

  storage = await openStorage(settings);
  try {
    expect(await storage.analytics.status()).toMatchObject({ rows: 3000, watermark: 3000 });
    expect(await answers(storage)).toEqual(before);
  } finally {
    await storage.close();
  }
}, 60_000);

it.each([
  [
    { done: 120_000, total: 1_000_000, eventsPerSecond: 34_000 },
    'projected 120,000 of 1,000,000 events (12%), 34,000 events/s, about 26 s left',
  ],
  [{ done: 500, total: 500, eventsPerSecond: 9000 }, 'projected 500 of 500 events (100%), 9,000 events/s'],
  [{ done: 700, total: 0, eventsPerSecond: 0 }, 'projected 700 of 700 events, 0 events/s'],
])('words progress %o', (progress, line) => {
  expect(progressLine(progress)).toBe(line);
});
