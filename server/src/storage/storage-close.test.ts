import { expect, it } from 'vitest';
import { storageOn } from './storage.ts';
import { forEachTestDatabase } from './test-databases.ts';

forEachTestDatabase('closing storage', (open) => {
  it('closes once however often it is asked', async () => {
    const storage = await storageOn(await open());
    await expect(Promise.all([storage.close(), storage.close()])).resolves.toEqual([undefined, undefined]);
    await expect(storage.close()).resolves.toBeUndefined();
  });
});
