import { REPLAY_DATA_MAX_CHARS } from '../../../shared/wire.ts';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { scrubValue } from '../../../shared/scrub.ts';
import type { Logger } from '../debug-log.ts';
import { lazyFeature, loadChunk } from '../load-chunk.ts';
import type { ChunkMap } from '../load-chunk.ts';
import type { Client } from '../types.ts';
import { replayMode } from './options.ts';
import type { ReplayMode, ReplayOptions } from './options.ts';
import type { Recorder } from './recorder.ts';

/** What the controller uses of the replay chunk (see `chunks/replay.ts`). */
export type ReplayChunk = Pick<ChunkMap['replay'], 'startReplayRecorder'>;

/** The client surface replay needs: capture for its chunks, the session for sampling, captures to react to. */
export type ReplayClient = Pick<Client, 'capture' | 'getSessionId'> & {
  onCapture?(listener: (event: InsightEvent) => void): () => void;
};

/** Replay as the core sees it, before and after the recorder chunk has loaded. */
export interface ReplayController {
  /** The mode in effect: `off` when configured off or when this session is outside the sample. */
  readonly mode: ReplayMode;
  /** Queues the unsent recording (buffer mode: the last minute) in the outbox; resolves the number of chunks. */
  flush(reason?: string): Promise<{ chunks: number }>;
  stop(): void;
}

/** Dependencies, injectable for tests. */
export interface ReplayEnvironment {
  load?: () => Promise<ReplayChunk>;
  document?: Document;
  log?: Logger;
  /** Query parameters scrubbed from recorded URLs on top of the built-in list (the `capture.scrubParams` option). */
  scrubParams?: readonly string[];
}

/** Event types that upload the buffered replay, so the minute before an error or a bug report is kept. */
const TRIGGERS = new Set<InsightEvent['type']>(['error', 'bug_report']);

/**
 * Starts replay per the `replay` option: loads the recorder chunk on demand (the core stays small), uploads the
 * buffer when an error or bug report is captured, and exposes `flush` for explicit uploads.
 */
export function startReplay(
  client: ReplayClient,
  options: ReplayOptions | undefined,
  environment: ReplayEnvironment = {},
): ReplayController {
  const mode = replayMode(client.getSessionId(), options);
  if (mode === 'off') return { mode, flush: async () => ({ chunks: 0 }), stop: () => undefined };

  let stopped = false;
  const chunk = lazyFeature(
    'replay',
    'replay is off',
    (message) => environment.log?.warn(message),
    environment.load ?? (() => loadChunk('replay')),
  );
  const recorder: Promise<Recorder | undefined> = chunk().then((loaded) => {
    if (!loaded || stopped) return undefined;
    try {
      return loaded.startReplayRecorder({
        mode,
        partMaxChars: REPLAY_DATA_MAX_CHARS,
        // The same scrubbing as every event's strings: text nodes, attributes, and href/src as URLs.
        scrub: (events) => scrubValue(events, environment.scrubParams),
        capture: client.capture,
        document: environment.document ?? (typeof document === 'undefined' ? undefined : document),
      });
    } catch (error) {
      // Caught here, not left as a rejection: an unhandled rejection would reach the page (and its error tools).
      environment.log?.warn('replay is off: the recorder did not start', error);
      return undefined;
    }
  });
  const flush = async (reason = 'flush') => {
    const running = await recorder;
    return { chunks: running && !stopped ? await running.upload(reason) : 0 };
  };
  const unsubscribe = client.onCapture?.((event) => {
    if (TRIGGERS.has(event.type)) flush(event.type).catch(() => undefined);
  });
  return {
    mode,
    flush,
    stop() {
      stopped = true;
      unsubscribe?.();
      void recorder.then((running) => running?.stop());
    },
  };
}
