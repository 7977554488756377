import { describe, expect, it } from 'vitest';
import { brokenBudgets, checkLimit, sizeBudget, TARGETS } from './budgets.ts';
import type { Limit } from './budgets.ts';

const maxBudget: Limit = {
  id: 'size.core.brotli',
  label: 'core',
  kind: 'max',
  value: 100,
  unit: 'bytes',
  severity: 'budget',
};
const minTarget: Limit = {
  id: 'ingest',
  label: 'ingest',
  kind: 'min',
  value: 30,
  unit: 'events/s',
  severity: 'target',
};

describe('checkLimit', () => {
  it.each([
    [maxBudget, 99, 'pass'],
    [maxBudget, 100, 'pass'],
    [maxBudget, 101, 'fail'],
    [minTarget, 30, 'pass'],
    [minTarget, 29.9, 'fail'],
    [maxBudget, undefined, 'missing'],
    [minTarget, Number.NaN, 'missing'],
  ] as const)('%j with %s is %s', (limit, actual, status) => {
    expect(checkLimit(limit, actual).status).toBe(status);
  });
});

describe('brokenBudgets', () => {
  it('lists failed budgets only: targets, passes and unmeasured figures never break the run', () => {
    const checks = [
      checkLimit(maxBudget, 150),
      checkLimit(minTarget, 1),
      checkLimit({ ...maxBudget, id: 'other' }, 50),
      checkLimit(maxBudget, undefined),
    ];
    expect(brokenBudgets(checks).map((check) => check.actual)).toEqual([150]);
  });
});

describe('sizeBudget', () => {
  it.each([
    ['core', 15 * 1024],
    ['feedback', 12 * 1024],
    ['replay', 25 * 1024],
    ['send', 3 * 1024],
  ])('%s is limited to %d brotli bytes', (name, bytes) => {
    expect(sizeBudget(name)).toMatchObject({ kind: 'max', value: bytes, severity: 'budget' });
  });

  it('has no budget for a chunk the issue does not name', () => {
    expect(sizeBudget('surveys')).toBeUndefined();
  });

  it('keeps every target from failing the run', () => {
    expect(TARGETS.every((target) => target.severity === 'target')).toBe(true);
  });
});
