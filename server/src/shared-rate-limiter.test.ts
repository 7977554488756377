import { expect, it } from 'vitest';
import { acquireLease, releaseLease, renewLease } from './cluster/lease.ts';
import { createSqlRateLimiter } from './shared-rate-limiter.ts';
import { storageOn } from './storage/storage.ts';
import { forEachTestDatabase } from './storage/test-databases.ts';

forEachTestDatabase('the database-backed limiter and leases', (open) => {
  it('shares one bucket between limiters on the same database, refills with time and hints sampling', async () => {
    const storage = await storageOn(await open());
    try {
      let time = 1_000_000;
      const now = () => time;
      const limit = { perMinute: 60, burst: 10 };
      const [a, b] = [createSqlRateLimiter(storage.db, limit, now), createSqlRateLimiter(storage.db, limit, now)];
      const decisions = await Promise.all(Array.from({ length: 14 }, (_, index) => (index % 2 ? a : b)('key|1.2.3.4')));
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
      const refused = decisions.find((decision) => !decision.allowed);
      expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
      expect((await a('other|1.2.3.4')).allowed).toBe(true);
      time += 2000;
      const after = await b('key|1.2.3.4');
      // Two tokens refilled, one spent: a tenth of the bucket left, so clients are told to keep a fifth.
      expect(after).toEqual({ allowed: true, sampleRate: 0.2 });
    } finally {
      await storage.close();
    }
  });

  it('gives a lease to one holder until it is released or lapses', async () => {
    const storage = await storageOn(await open());
    try {
      expect(await acquireLease(storage.db, 'load-test', 'a', 1000, 500)).toBe(true);
      expect(await acquireLease(storage.db, 'load-test', 'b', 1100, 500)).toBe(false);
      await releaseLease(storage.db, 'load-test', 'b');
      expect(await acquireLease(storage.db, 'load-test', 'b', 1200, 500)).toBe(false);
      await releaseLease(storage.db, 'load-test', 'a');
      expect(await acquireLease(storage.db, 'load-test', 'b', 1300, 500)).toBe(true);
      expect(await acquireLease(storage.db, 'load-test', 'a', 1900, 500)).toBe(true);
      // Renewed by its holder only, past its expiry while nobody took it; given back, it is nobody's to renew.
      expect(await renewLease(storage.db, 'load-test', 'b', 2000, 500)).toBe(false);
      expect(await renewLease(storage.db, 'load-test', 'a', 2500, 500)).toBe(true);
      expect(await acquireLease(storage.db, 'load-test', 'b', 2900, 500)).toBe(false);
      await releaseLease(storage.db, 'load-test', 'a');
      expect(await renewLease(storage.db, 'load-test', 'a', 3000, 500)).toBe(false);
    } finally {
      await storage.close();
    }
  });
});
