import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { eventListWorkers } from './event-list-workers.ts';

/** A stand-in for a worker thread: `terminate` resolves when `finish` is called, as a thread does after its step. */
class FakeWorker extends EventEmitter {
  terminated = false;
  finish = () => {};
  terminate(): Promise<number> {
    this.terminated = true;
    return new Promise((resolve) => {
      this.finish = () => {
        this.emit('exit', 1);
        resolve(1);
      };
    });
  }
}

/** A `start` that hands out fake workers (or fails while `failing`), and what it started. */
function starts() {
  const started: FakeWorker[] = [];
  const state = { failing: false };
  const start = async () => {
    if (state.failing) throw new Error('cannot open the record');
    const worker = new FakeWorker();
    started.push(worker);
    return worker as unknown as Worker;
  };
  return { started, state, start };
}

describe('the event listing workers', () => {
  it('starts one worker for every caller, and another once it exits', async () => {
    const { started, start } = starts();
    const workers = eventListWorkers(start);
    const [first, again] = await Promise.all([workers.ensure(), workers.ensure()]);
    expect(first).toBe(again);
    expect(started).toHaveLength(1);
    started[0]!.emit('exit', 0);
    expect(await workers.ensure()).toBe(started[1]);
  });

  it('does not keep a failed start: the next caller tries again', async () => {
    const { started, state, start } = starts();
    const workers = eventListWorkers(start);
    state.failing = true;
    await expect(workers.ensure()).rejects.toThrow('cannot open the record');
    state.failing = false;
    expect(await workers.ensure()).toBe(started[0]);
  });

  it('replaces a stopped worker at once, and a late exit of the stopped one leaves the replacement serving', async () => {
    const { started, start } = starts();
    const workers = eventListWorkers(start);
    workers.stop(await workers.ensure());
    expect(started[0]!.terminated).toBe(true);
    // Started by the stop itself, before any caller asks.
    expect(started).toHaveLength(2);
    const replacement = await workers.ensure();
    expect(replacement).toBe(started[1]);
    started[0]!.finish();
    expect(await workers.ensure()).toBe(replacement);
    expect(started).toHaveLength(2);
  });

  it('answers 503 while two stopped workers are finishing, and starts again once one has', async () => {
    const { started, start } = starts();
    const workers = eventListWorkers(start);
    workers.stop(await workers.ensure());
    workers.stop(await workers.ensure());
    await expect(workers.ensure()).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/still stopping listings/),
      headers: { 'Retry-After': '5' },
    });
    expect(started).toHaveLength(2);
    started[0]!.finish();
    await new Promise((tick) => setImmediate(tick));
    expect(await workers.ensure()).toBe(started[2]);
  });

  it('terminates the serving worker on close and starts no replacement for a stop after it', async () => {
    const { started, start } = starts();
    const workers = eventListWorkers(start);
    const serving = await workers.ensure();
    expect(workers.closed).toBe(false);
    const closed = workers.close();
    await new Promise((tick) => setImmediate(tick));
    started[0]!.finish();
    await closed;
    expect(workers.closed).toBe(true);
    expect(started[0]!.terminated).toBe(true);
    workers.stop(serving);
    expect(started).toHaveLength(1);
  });
});
