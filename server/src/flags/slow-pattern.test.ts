import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';
import { createFlagsRepository } from './flags-repository.ts';

forEachTestDatabase('a backtracking pattern stored before patterns were checked', (open) => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await storageOn(await open());
    // Written straight to the history, as a version saved before the checks existed would be.
    const config = {
      flags: {
        vip: {
          type: 'boolean' as const,
          defaultValue: false,
          rules: [{ force: true, condition: { email: { $regex: '^(a+)+$' } } }],
        },
      },
    };
    await createFlagsRepository(storage.db).append({
      version: 1,
      config,
      actor: 'test',
      change: { kind: 'replace', added: ['vip'], removed: [], changed: [] },
      createdAt: 1,
    });
  });
  afterEach(() => storage.close());

  it('cannot block the event loop through POST /experiments/assignments', async () => {
    const app = createApp({ storage, writeKey: 'pk', readKey: 'sk', ...{ flagsFile: '' } });
    const assign = (email: string) =>
      app.request('/api/experiments/assignments', {
        method: 'POST',
        headers: { Authorization: 'Bearer pk' },
        body: JSON.stringify({ attributes: { id: 'u1', email } }),
      });
    const started = performance.now();
    // 2^40 paths for a backtracking engine; V8's linear fallback answers at once, with the same result.
    const evil = await assign(`${'a'.repeat(40)}!`);
    // Generous against a slow CI machine; without the fallback this takes longer than anyone would wait.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(evil.status).toBe(200);
    expect(((await evil.json()) as { flags: { vip: { value: boolean } } }).flags.vip.value).toBe(false);
    expect(((await (await assign('aaaa')).json()) as { flags: { vip: { value: boolean } } }).flags.vip.value).toBe(
      true,
    );
  });
});
