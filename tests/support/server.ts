import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../../server/src/node-server.ts';
import type { RunningServer, ServerRuntime } from '../../server/src/node-server.ts';
import type { Settings } from '../../server/src/settings.ts';
import type { StoredEvent } from '../../server/src/storage/types.ts';

export const TEST_WRITE_KEY = 'pk_test_write';
export const TEST_READ_KEY = 'sk_test_read';

/** A real server on 127.0.0.1 with a fresh SQLite file, serving the built widget and demo; it dies with the test process. */
export interface TestServer extends RunningServer {
  dataDir: string;
  /** Reads back every stored event matching the query, following cursors. */
  events(query?: Record<string, string>): Promise<StoredEvent[]>;
  stop(): Promise<void>;
}

/** Starts the server in-process on a free port with its own data folder; `overrides` change settings, `runtime` the clock. */
export async function startTestServer(
  overrides: Partial<Settings> = {},
  runtime: ServerRuntime = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-insights-data-'));
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      writeKey: TEST_WRITE_KEY,
      readKey: TEST_READ_KEY,
      publicDir: resolve('dist/public'),
      generatedKeys: [],
      ...overrides,
    },
    runtime,
  );
  return {
    ...server,
    dataDir,
    async events(query = {}) {
      const found: StoredEvent[] = [];
      let cursor: string | undefined;
      do {
        const params = new URLSearchParams({ ...query, limit: '1000', ...(cursor ? { cursor } : {}) });
        const response = await fetch(`${server.origin}/api/analytics/events?${params}`, {
          headers: { Authorization: `Bearer ${TEST_READ_KEY}` },
        });
        if (!response.ok) throw new Error(`reading events failed: ${response.status} ${await response.text()}`);
        const page = (await response.json()) as { events: StoredEvent[]; nextCursor?: string };
        found.push(...page.events);
        cursor = page.nextCursor;
      } while (cursor);
      return found;
    },
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
