import { expect, it } from 'vitest';
import { createOverrideKeyPair } from '../../../shared/override-token.ts';
import { runMigrations } from '../storage/migrations.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import { VersionConflict } from './flag-config-versions.ts';
import type { ConfigVersion } from './flag-config-versions.ts';
import { createFlagsRepository } from './flags-repository.ts';
import { flagsMigrations } from './migrations.ts';

const entry = (version: number, actor = 'file'): ConfigVersion => ({
  version,
  config: { flags: { a: { type: 'boolean', defaultValue: version % 2 === 0 } } },
  actor,
  change: {
    kind: actor === 'file' ? 'file' : 'set-flag',
    added: [],
    removed: [],
    changed: ['a'],
    ...(actor === 'file' ? { file: { path: '/f.json', sha256: `sha${version}` } } : {}),
  },
  createdAt: 1_700_000_000_000 + version,
});

forEachTestDatabase('flags repository', (open) => {
  it('appends versions, reads them back newest first, and refuses a taken version number', async () => {
    const db = await open();
    try {
      await runMigrations(db, flagsMigrations);
      const repository = createFlagsRepository(db);
      expect(await repository.latestVersion()).toBe(0);
      await repository.append(entry(1));
      await repository.append({ ...entry(2, 'staff:abc'), author: 'qa@example.com', note: 'why' });
      await expect(repository.append(entry(2))).rejects.toBeInstanceOf(VersionConflict);
      expect(await repository.latestVersion()).toBe(2);
      expect(await repository.get(2)).toEqual({ ...entry(2, 'staff:abc'), author: 'qa@example.com', note: 'why' });
      expect((await repository.latest())?.version).toBe(2);
      expect((await repository.latestFromFile())?.version).toBe(1);
      const history = await repository.history(10);
      expect(history.map((row) => [row.version, row.actor])).toEqual([
        [2, 'staff:abc'],
        [1, 'file'],
      ]);
      expect(history[0]).not.toHaveProperty('config');
    } finally {
      await db.close();
    }
  });

  it('keeps the first signing key stored, so every server signs with the same one', async () => {
    const db = await open();
    try {
      await runMigrations(db, flagsMigrations);
      const repository = createFlagsRepository(db);
      const first = await repository.signingKey(() => createOverrideKeyPair(), 1);
      const second = await repository.signingKey(() => createOverrideKeyPair(), 2);
      expect(second).toEqual(first);
      expect(first.privateKey.d).toEqual(expect.any(String));
    } finally {
      await db.close();
    }
  });
});
