import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../node-server.ts';

const STAFF = 'st_rules_file';
const dir = mkdtempSync(join(tmpdir(), 'crm-insights-rules-file-'));
const file = join(dir, 'alerts.json');
const rule = (name: string) => ({ name, kind: 'error.new', channels: [] });

/** Starts the server on the same data folder with the rules file as it is now, and lists the stored rules. */
async function startAndList(extra?: (origin: string) => Promise<void>): Promise<{ id: string; source: string }[]> {
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: join(dir, 'data'),
    writeKey: 'pk_w',
    readKey: 'sk_r',
    staffTokens: [STAFF],
    publicDir: resolve('dist/public'),
    generatedKeys: [],
    alertRulesFile: file,
    metricsSampleMs: 0,
  });
  try {
    await extra?.(server.origin);
    const answer = await fetch(`${server.origin}/api/alerts/rules`, { headers: { Authorization: `Bearer ${STAFF}` } });
    return ((await answer.json()) as { rules: { id: string; source: string }[] }).rules.map(({ id, source }) => ({
      id,
      source,
    }));
  } finally {
    await server.close();
  }
}

describe('ALERT_RULES_FILE', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Three server starts: more than the default 5 s on a busy machine.
  it('removes on the next start the rules it loaded before and no longer holds, and leaves API rules alone', {
    timeout: 30_000,
  }, async () => {
    writeFileSync(file, JSON.stringify({ rules: [rule('From file A'), rule('From file B')] }));
    const first = await startAndList(async (origin) => {
      const created = await fetch(`${origin}/api/alerts/rules`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${STAFF}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(rule('From the API')),
      });
      expect(created.status).toBe(201);
    });
    expect(first).toEqual([
      { id: 'from-file-a', source: 'file' },
      { id: 'from-file-b', source: 'file' },
      { id: 'from-the-api', source: 'api' },
    ]);

    writeFileSync(file, JSON.stringify([rule('From file A')]));
    expect(await startAndList()).toEqual([
      { id: 'from-file-a', source: 'file' },
      { id: 'from-the-api', source: 'api' },
    ]);

    writeFileSync(file, '[]');
    expect(await startAndList()).toEqual([{ id: 'from-the-api', source: 'api' }]);
  });
});
