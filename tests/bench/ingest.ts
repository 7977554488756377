import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchSchema } from './bench-schema.ts';
import { pushLoad } from './push-load.ts';
import type { LoadFigures, LoadOptions } from './push-load.ts';
import { startServerProcess } from './server-process.ts';

/** Events per second the built server stored, and the latency of each 50-event batch. */
export interface IngestResult extends LoadFigures {
  storage: string;
  concurrency: number;
}

/** Runs the built server (SQLite, or PostgreSQL with `databaseUrl`) and measures what it stores under load. */
export async function measureIngest(
  serverFile: string,
  publicDir: string,
  options: LoadOptions,
  databaseUrl?: string,
): Promise<IngestResult> {
  const schema = databaseUrl ? await benchSchema(databaseUrl) : undefined;
  try {
    const server = await startServerProcess(serverFile, publicDir, schema?.url);
    try {
      const health = (await (await fetch(`${server.origin}/api/health`)).json()) as { storage?: string };
      const result = await pushLoad(server.origin, options);
      return { storage: health.storage ?? 'unknown', concurrency: options.concurrency, ...result };
    } finally {
      await server.stop();
    }
  } finally {
    await schema?.drop();
  }
}

/**
 * The load generator's own ceiling: the same load against a server in this process that stores nothing and
 * answers at once. An ingest figure near it says more about the generator (or the machine) than about the server.
 */
export async function measureGeneratorCeiling(options: LoadOptions): Promise<IngestResult> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ accepted: options.batchSize, duplicates: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return {
      storage: 'none (answers at once)',
      concurrency: options.concurrency,
      ...(await pushLoad(`http://127.0.0.1:${port}`, options)),
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
