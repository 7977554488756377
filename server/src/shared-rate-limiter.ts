import type { RateDecision, RateLimit } from './rate-limiter.ts';
import { samplingHint } from './rate-limiter.ts';
import type { SqlDatabase } from './storage/sql-database.ts';

/**
 * The token-bucket limiter with its buckets in the database (table `rate_buckets`), so several API processes
 * on one PostgreSQL share one budget per key and client. Same buckets, refill and sampling hint as the
 * in-memory limiter; each decision is one atomic upsert (the row lock serialises concurrent requests).
 */
export function createSqlRateLimiter(
  db: SqlDatabase,
  limit: RateLimit,
  now: () => number = Date.now,
): (bucketKey: string) => Promise<RateDecision> {
  const perMs = limit.perMinute / 60_000;
  const least = db.dialect === 'sqlite' ? 'MIN' : 'LEAST';
  const greatest = db.dialect === 'sqlite' ? 'MAX' : 'GREATEST';
  const number = 'CAST(? AS DOUBLE PRECISION)';
  // The bucket refilled to now: min(burst, tokens + elapsed * rate), elapsed never negative across replicas' clocks.
  const refilled = `${least}(${number}, rate_buckets.tokens + ${greatest}(0, ${number} - rate_buckets.at) * ${number})`;
  const sql = `INSERT INTO rate_buckets (bucket, tokens, at, allowed) VALUES (?, ${number}, ?, 1)
    ON CONFLICT (bucket) DO UPDATE SET
      tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
      allowed = CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
      at = ${greatest}(rate_buckets.at, ?)
    RETURNING tokens, allowed`;
  let lastSweep = 0;
  return async (bucketKey) => {
    const time = now();
    const refill = [limit.burst, time, perMs];
    const row = await db.get<{ tokens: number; allowed: number }>(sql, [
      bucketKey,
      limit.burst - 1,
      time,
      ...refill,
      ...refill,
      ...refill,
      ...refill,
      time,
    ]);
    if (time - lastSweep > 60_000) {
      lastSweep = time;
      // A bucket untouched for a full refill is full again: its row carries nothing, so it goes.
      void db
        .run('DELETE FROM rate_buckets WHERE at < ?', [time - Math.ceil(limit.burst / perMs)])
        .catch(() => undefined);
    }
    const tokens = Number(row?.tokens ?? limit.burst - 1);
    if (Number(row?.allowed ?? 1) === 1) return { allowed: true, sampleRate: samplingHint(tokens / limit.burst) };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
  };
}
