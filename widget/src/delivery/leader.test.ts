import { describe, expect, it } from 'vitest';
import { electLeader } from './leader.ts';
import type { Locks } from './leader.ts';

/** An in-memory stand-in for `navigator.locks` across tabs: exclusive locks granted in request order. */
function sharedLocks(): Locks {
  const queues = new Map<string, { run: () => Promise<unknown>; signal?: AbortSignal }[]>();
  const next = (name: string) => {
    const queue = queues.get(name)!;
    const head = queue[0];
    if (!head) return;
    void head.run().finally(() => {
      queue.shift();
      next(name);
    });
  };
  return {
    request(name: string, optionsOrCallback: unknown, maybeCallback?: unknown) {
      const callback = (maybeCallback ?? optionsOrCallback) as () => unknown;
      const signal = (maybeCallback ? (optionsOrCallback as { signal?: AbortSignal }).signal : undefined) ?? undefined;
      const queue = queues.get(name) ?? [];
      queues.set(name, queue);
      return new Promise<unknown>((resolve, reject) => {
        const entry = { run: async () => resolve(await callback()), signal };
        signal?.addEventListener('abort', () => {
          const index = queue.indexOf(entry);
          if (index > 0) queue.splice(index, 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
        queue.push(entry);
        if (queue.length === 1) next(name);
      });
    },
  } as Locks;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('electLeader', () => {
  it('makes one tab the sender and passes the role on when it lets go', async () => {
    const locks = sharedLocks();
    const leaders: string[] = [];
    const releaseA = electLeader(locks, () => leaders.push('A'));
    electLeader(locks, () => leaders.push('B'));
    const releaseC = electLeader(locks, () => leaders.push('C'));
    await settle();
    expect(leaders).toEqual(['A']);
    releaseC();
    releaseA();
    await settle();
    expect(leaders).toEqual(['A', 'B']);
  });

  it('without Web Locks, every tab sends', () => {
    const leaders: string[] = [];
    electLeader(undefined, () => leaders.push('A'));
    electLeader(undefined, () => leaders.push('B'));
    expect(leaders).toEqual(['A', 'B']);
  });
});
