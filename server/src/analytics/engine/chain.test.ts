import { describe, expect, it } from 'vitest';
import { createChain } from './chain.ts';

/** A chain whose work records each run's budget and ends when the test says. */
function recordingChain() {
  const budgets: (number | undefined)[] = [];
  const ends: (() => void)[] = [];
  const chain = createChain(
    (budgetMs) =>
      new Promise<void>((resolve) => {
        budgets.push(budgetMs);
        ends.push(resolve);
      }),
    () => false,
  );
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  // A run starts a turn later than its call (it waits for the chain's turn), so wait for it to start before ending it.
  const endRun = async () => {
    while (!ends.length) await tick();
    ends.shift()?.();
    await tick();
  };
  return { chain, budgets, endRun };
}

describe('createChain', () => {
  it('runs callers arriving during a run once, after it, unpaced if any of them asked for an unpaced run', async () => {
    const { chain, budgets, endRun } = recordingChain();
    const first = chain.run(50);
    const poll = chain.run(50);
    const read = chain.run();
    expect(poll).toBe(read);
    await endRun();
    await endRun();
    await Promise.all([first, poll, read]);
    expect(budgets).toEqual([50, undefined]);
  });

  it('paces the shared run when every caller asked for a paced one, with the longest budget asked', async () => {
    const { chain, budgets, endRun } = recordingChain();
    const first = chain.run();
    const shared = [chain.run(20), chain.run(80), chain.run(40)];
    await endRun();
    await endRun();
    await Promise.all([first, ...shared]);
    expect(budgets).toEqual([undefined, 80]);
  });

  it('forgets what the shared run was asked once it starts', async () => {
    const { chain, budgets, endRun } = recordingChain();
    const first = chain.run(10);
    const second = chain.run();
    await endRun();
    const third = chain.run(30);
    await endRun();
    await endRun();
    await Promise.all([first, second, third]);
    expect(budgets).toEqual([10, undefined, 30]);
  });
});
