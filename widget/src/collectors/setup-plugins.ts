import type { Logger } from '../debug-log.ts';
import type { CapturePlugin, PluginClient } from '../types.ts';

/**
 * Makes and sets up each plugin on its own: one whose browser API is missing must not stop the others. Returns
 * the teardown of all of them (best effort: a teardown that throws does not stop the rest).
 */
export function setupPlugins(plugins: [string, () => CapturePlugin][], client: PluginClient, log: Logger): () => void {
  const teardowns: (() => void)[] = [];
  for (const [name, make] of plugins) {
    try {
      teardowns.push(make().setup(client));
    } catch (error) {
      log.warn(`the ${name} collector failed to start`, error);
    }
  }
  return () => {
    for (const teardown of teardowns) {
      try {
        teardown();
      } catch {
        // Stopping is best effort.
      }
    }
  };
}
