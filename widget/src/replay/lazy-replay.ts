import type { Logger } from '../debug-log.ts';
import { lazyFeature } from '../load-chunk.ts';
import type { ChunkLoader, ChunkMap } from '../load-chunk.ts';
import type { ReplayClient, ReplayController } from './controller.ts';
import { replayMode } from './options.ts';
import type { ReplayOptions } from './options.ts';

/** What the script tag's core uses of the `replay` chunk: the controller, and the recorder it starts. */
export type ReplayControllerChunk = Pick<ChunkMap['replay'], 'startReplay' | 'startReplayRecorder'>;

/**
 * Replay as the script tag's core has it: the mode is decided here at once (configured, and this session in the
 * sample), so a bug report knows whether there is a recording; the controller and the recorder are the `replay`
 * chunk, loaded only when the mode is not `off`.
 */
export function lazyReplay(
  client: ReplayClient,
  options: ReplayOptions | undefined,
  environment: { log: Logger; scrubParams?: readonly string[] },
  load: ChunkLoader<'replay', ReplayControllerChunk>,
): ReplayController {
  const mode = replayMode(client.getSessionId(), options);
  // Off: no controller, as when the chunk does not load.
  const controller =
    mode === 'off'
      ? Promise.resolve(undefined)
      : lazyFeature('replay', 'replay is off', environment.log.warn, load)().then((chunk) =>
          chunk?.startReplay(client, { mode }, { ...environment, load: async () => chunk }),
        );
  return {
    mode,
    flush: async (reason) => (await controller)?.flush(reason) ?? { chunks: 0 },
    stop: () => void controller.then((running) => running?.stop()),
  };
}
