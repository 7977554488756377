import { describe, expect, it } from 'vitest';
import { oneRunAtATime } from './one-run-at-a-time.ts';

/** A run that ends when the test says so, counting how often it started and with what. */
function heldRun() {
  const started: number[] = [];
  let finish: (outcome: 'resolve' | 'reject') => void = () => undefined;
  const run = oneRunAtATime(
    (value: number) =>
      new Promise<number>((resolve, reject) => {
        started.push(value);
        finish = (outcome) => (outcome === 'resolve' ? resolve(value) : reject(new Error('failed')));
      }),
  );
  return { run, started, finish: (outcome: 'resolve' | 'reject') => finish(outcome) };
}

describe('one run at a time', () => {
  it('gives a caller arriving during a run that run, with the first caller’s arguments', async () => {
    const { run, started, finish } = heldRun();
    const first = run(1);
    const second = run(2);
    expect(second).toBe(first);
    finish('resolve');
    await expect(second).resolves.toBe(1);
    expect(started).toEqual([1]);
  });

  it.each(['resolve', 'reject'] as const)('starts a new run once the last one settled (%s)', async (outcome) => {
    const { run, started, finish } = heldRun();
    const first = run(1);
    finish(outcome);
    await first.catch(() => undefined);
    const next = run(2);
    expect(next).not.toBe(first);
    finish('resolve');
    await expect(next).resolves.toBe(2);
    expect(started).toEqual([1, 2]);
  });
});
