import { benchSchema } from './bench-schema.ts';
import { startBatchFeed } from './scale-feed.ts';
import { sendFromFeed } from './scale-send.ts';
import type { SendStats } from './scale-send.ts';
import { startServerProcess } from './server-process.ts';
import type { TrafficOptions } from './scale-traffic.ts';

/** How the empty-store probe runs: the same build, probe size, batch size and requests in flight as the full store's. */
export interface EmptyStoreProbe {
  serverFile: string;
  publicDir: string;
  workerFile: string;
  traffic: TrafficOptions;
  batchSize: number;
  concurrency: number;
  probeEvents: number;
  /** The server's extra environment and Node flags, as the full store's server gets them. */
  env: Record<string, string>;
  nodeArgs: string[];
  /** PostgreSQL: the probe runs in a fresh schema there, dropped afterwards. */
  databaseUrl?: string;
}

/**
 * Ingest on an empty store, measured in the same run as the full one when the full store is a kept one (whose own
 * empty-store figure came from the code of the run that loaded it): a second server on a fresh temporary folder
 * (and schema), sent the first `probeEvents` history events exactly as a loading run sends them, then stopped and
 * its folder removed. Runs before the kept store's server starts, so the two never share the machine.
 */
export async function measureEmptyStore(probe: EmptyStoreProbe): Promise<SendStats> {
  const schema = probe.databaseUrl ? await benchSchema(probe.databaseUrl) : undefined;
  try {
    const server = await startServerProcess(probe.serverFile, probe.publicDir, schema?.url, {
      env: probe.env,
      nodeArgs: probe.nodeArgs,
      ipc: true,
    });
    const feed = startBatchFeed(probe.workerFile, probe.traffic, probe.batchSize);
    try {
      // The generator builds its users first (seconds): the clock starts once bodies are ready, as in a load.
      feed.putBack(await feed.take());
      return await sendFromFeed(server.origin, feed, {
        concurrency: probe.concurrency,
        stopBefore: (next, sent) => next.live || sent.events >= probe.probeEvents,
      });
    } finally {
      await feed.close();
      await server.stop();
    }
  } finally {
    await schema?.drop();
  }
}
