import { describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { startReplay } from './controller.ts';
import type { ReplayChunk } from './controller.ts';

const SESSION = '0193a1b2-c3d4-7e5f-8a9b-000000000001';

function fakes() {
  const uploads: string[] = [];
  const listeners = new Set<(event: InsightEvent) => void>();
  const client = {
    capture: vi.fn(),
    getSessionId: () => SESSION,
    onCapture(listener: (event: InsightEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const started: unknown[] = [];
  const stopped: string[] = [];
  const chunk: ReplayChunk = {
    startReplayRecorder(options) {
      started.push(options);
      return {
        replayId: 'r',
        upload: async (reason) => {
          uploads.push(reason);
          return 2;
        },
        stop: () => stopped.push('stopped'),
      };
    },
  };
  const load = vi.fn(async () => chunk);
  const emit = (type: InsightEvent['type']) => {
    for (const listener of listeners) listener({ type } as InsightEvent);
  };
  return { client, load, uploads, started, stopped, emit, listeners };
}

describe('startReplay', () => {
  it.each([
    { options: undefined, mode: 'off' },
    { options: { mode: 'off' as const }, mode: 'off' },
    { options: { mode: 'session' as const, sampleRate: 0 }, mode: 'off' },
    { options: { mode: 'session' as const, sampleRate: 1 }, mode: 'session' },
    { options: { mode: 'buffer' as const }, mode: 'buffer' },
  ])('with $options records in mode $mode, loading the chunk only when it records', async ({ options, mode }) => {
    const { client, load } = fakes();
    const replay = startReplay(client, options, { load });
    expect(replay.mode).toBe(mode);
    expect(load).toHaveBeenCalledTimes(mode === 'off' ? 0 : 1);
    await expect(replay.flush()).resolves.toEqual({ chunks: mode === 'off' ? 0 : 2 });
  });

  it('uploads the buffer when an error or a bug report is captured, not for other events', async () => {
    const { client, load, uploads, emit } = fakes();
    const replay = startReplay(client, { mode: 'buffer' }, { load });
    await replay.flush('flush');
    emit('track');
    emit('error');
    emit('replay');
    emit('bug_report');
    await vi.waitFor(() => expect(uploads).toEqual(['flush', 'error', 'bug_report']));
  });

  it('says why in debug mode and stays off when the chunk cannot load', async () => {
    const { client } = fakes();
    const warn = vi.fn();
    const replay = startReplay(
      client,
      { mode: 'buffer' },
      { load: () => Promise.reject(new Error('404')), log: { warn } },
    );
    await expect(replay.flush()).resolves.toEqual({ chunks: 0 });
    expect(warn).toHaveBeenCalledWith('replay is off: the replay chunk did not load (404)');
  });

  it('stays off, without an unhandled rejection, when the recorder throws as it starts', async () => {
    const { client } = fakes();
    const warn = vi.fn();
    const chunk: ReplayChunk = {
      startReplayRecorder() {
        throw new Error('no MutationObserver');
      },
    };
    const replay = startReplay(client, { mode: 'buffer' }, { load: async () => chunk, log: { warn } });
    await expect(replay.flush()).resolves.toEqual({ chunks: 0 });
    expect(warn).toHaveBeenCalledWith('replay is off: the recorder did not start', expect.any(Error));
  });

  it('stops the recorder and stops listening', async () => {
    const { client, load, stopped, listeners } = fakes();
    const replay = startReplay(client, { mode: 'buffer' }, { load });
    await replay.flush();
    replay.stop();
    await vi.waitFor(() => expect(stopped).toEqual(['stopped']));
    expect(listeners.size).toBe(0);
    await expect(replay.flush()).resolves.toEqual({ chunks: 0 });
  });
});
