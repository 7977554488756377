import type { Logger } from '../debug-log.ts';
import type { ReplayChunk, ReplayClient, ReplayController, ReplayEnvironment } from './controller.ts';
import { replayMode } from './options.ts';
import type { ReplayOptions } from './options.ts';

/** What the `replay` chunk exports to the script tag's core: the controller, and the recorder it starts. */
export interface ReplayControllerChunk extends ReplayChunk {
  startReplay(
    client: ReplayClient,
    options: ReplayOptions | undefined,
    environment: ReplayEnvironment,
  ): ReplayController;
}

/**
 * Replay as the script tag's core has it: the mode is decided here at once (configured, and this session in the
 * sample), so a bug report knows whether there is a recording; the controller and the recorder are the `replay`
 * chunk, loaded only when the mode is not `off`.
 */
export function lazyReplay(
  client: ReplayClient,
  options: ReplayOptions | undefined,
  environment: { log: Logger; scrubParams?: readonly string[] },
  load: () => Promise<ReplayControllerChunk>,
): ReplayController {
  const mode = replayMode(client.getSessionId(), options);
  if (mode === 'off') return { mode, flush: async () => ({ chunks: 0 }), stop: () => undefined };
  const controller = load().then(
    (chunk) => chunk.startReplay(client, { mode }, { ...environment, load: async () => chunk }),
    (error: unknown) => environment.log.warn('replay is off: the recorder chunk did not load', error),
  );
  return {
    mode,
    flush: async (reason) => (await controller)?.flush(reason) ?? { chunks: 0 },
    stop: () => void controller.then((running) => running?.stop()),
  };
}
