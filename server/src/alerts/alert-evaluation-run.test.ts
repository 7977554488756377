import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock } from '../../../tests/support/test-clock.ts';
import { createFlagStore } from '../flags/flag-store.ts';
import { createFlagsRepository } from '../flags/flags-repository.ts';
import { createMetricsRepository } from '../metrics/metrics-repository.ts';
import { openStorage } from '../storage/storage.ts';
import type { Storage } from '../storage/types.ts';
import { createAlertEvaluationRun } from './alert-evaluation-run.ts';
import type { AlertEvaluationRun } from './alert-evaluation-run.ts';
import { createAlertRepository } from './alert-repository.ts';
import type { AlertSignals } from './alert-signals.ts';

/** Signals with one error never seen before, so an `error.new` rule fires. */
const signals: AlertSignals = {
  errorGroups: async () => [
    { fingerprint: 'fp-new', message: 'new one', count: 3, baselineCount: 0, regressed: false },
  ],
  vitalsP75: async () => [],
  nps: async () => ({ score: null, responses: 0 }),
  experimentExposures: async () => [],
  metricAverage: async () => undefined,
};

describe('an alert evaluation run', () => {
  const clock = createTestClock(Date.UTC(2026, 11, 6, 12));
  let dir: string;
  let storage: Storage;
  let evaluate: AlertEvaluationRun;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-alert-evaluation-'));
    storage = await openStorage({ dataDir: dir });
    const repository = createAlertRepository(storage.db, storage.analytics);
    await repository.saveRule({
      id: 'new-errors',
      name: 'New errors',
      kind: 'error.new',
      cooldownMinutes: 60,
      enabled: true,
      channels: [],
      source: 'api',
      updatedAt: clock.now(),
    });
    evaluate = createAlertEvaluationRun({
      db: storage.db,
      engine: storage.analytics,
      metrics: createMetricsRepository(storage.db),
      flags: createFlagStore(createFlagsRepository(storage.db), undefined, clock.now),
      repository,
      instance: 'test',
      now: clock.now,
      signals,
    });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares a run under way with a second caller, so the incident opens once', async () => {
    const first = evaluate();
    expect(evaluate()).toBe(first);
    await expect(first).resolves.toEqual({ opened: 1, resolved: 0, suppressed: 0, failedRules: [] });
  });

  it('skips a run inside the gap since the last one, and runs once the gap has passed', async () => {
    await evaluate();
    await expect(evaluate(60_000)).resolves.toBeUndefined();
    clock.advance(60_000);
    await expect(evaluate(60_000)).resolves.toEqual({ opened: 0, resolved: 0, suppressed: 0, failedRules: [] });
  });
});
