import { describe, expect, it, vi } from 'vitest';
import type { ReplayController } from './controller.ts';
import { lazyReplay } from './lazy-replay.ts';
import type { ReplayControllerChunk } from './lazy-replay.ts';

const client = { capture: () => undefined, getSessionId: () => '0193a000-0000-7000-8000-000000000001' };

function chunk(): { load: () => Promise<ReplayControllerChunk>; loads: () => number; started: unknown[] } {
  let loads = 0;
  const started: unknown[] = [];
  const controller: ReplayController = { mode: 'buffer', flush: async () => ({ chunks: 3 }), stop: () => undefined };
  const module = {
    startReplayRecorder: () => {
      throw new Error('not in this test');
    },
    startReplay: (_client: unknown, options: unknown) => {
      started.push(options);
      return controller;
    },
  } as unknown as ReplayControllerChunk;
  const load = async () => {
    loads++;
    return module;
  };
  return { load, loads: () => loads, started };
}

describe('lazyReplay', () => {
  it('loads nothing when replay is off or the session is outside the sample', async () => {
    const off = chunk();
    expect(lazyReplay(client, undefined, { log: { warn: vi.fn() } }, off.load).mode).toBe('off');
    expect(lazyReplay(client, { mode: 'session', sampleRate: 0 }, { log: { warn: vi.fn() } }, off.load).mode).toBe(
      'off',
    );
    expect(await lazyReplay(client, { mode: 'off' }, { log: { warn: vi.fn() } }, off.load).flush()).toEqual({
      chunks: 0,
    });
    expect(off.loads()).toBe(0);
  });

  it('loads the chunk for a recording session and hands flush to its controller', async () => {
    const recording = chunk();
    const replay = lazyReplay(client, { mode: 'buffer' }, { log: { warn: vi.fn() } }, recording.load);
    expect(replay.mode).toBe('buffer');
    expect(await replay.flush('test')).toEqual({ chunks: 3 });
    expect(recording.started).toEqual([{ mode: 'buffer' }]);
  });

  it('says why replay is off when the chunk does not load', async () => {
    const warn = vi.fn();
    const replay = lazyReplay(client, { mode: 'buffer' }, { log: { warn } }, () => Promise.reject(new Error('404')));
    expect(await replay.flush()).toEqual({ chunks: 0 });
    expect(warn).toHaveBeenCalledWith('replay is off: the replay chunk did not load (404)');
  });
});
