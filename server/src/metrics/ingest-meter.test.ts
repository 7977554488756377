import { describe, expect, it } from 'vitest';
import type { RateDecision } from '../rate-limiter.ts';
import type { Storage, StoredEvent } from '../storage/types.ts';
import { createIngestMeter } from './ingest-meter.ts';

const event = (type: string, props?: Record<string, unknown>): StoredEvent =>
  ({
    id: `e-${Math.random()}`,
    type,
    ts: 0,
    correctedTs: 0,
    receivedAt: 0,
    sessionId: 's',
    anonymousId: 'a',
    props,
  }) as StoredEvent;

/** Storage whose inserts take `writeMs` on `clock` and accept every event, and the calls it saw. */
function slowStorage(clock: { now: number }, writeMs: number) {
  const inserted: (readonly StoredEvent[])[] = [];
  const storage = {
    kind: 'sqlite',
    async insertEvents(events: readonly StoredEvent[]) {
      inserted.push(events);
      clock.now += writeMs;
      return { accepted: events.length, duplicates: 0 };
    },
  } as unknown as Storage;
  return { storage, inserted };
}

describe('the ingest meter', () => {
  it('counts stored events, the write times and what client reports say, per take, and starts again after it', async () => {
    const clock = { now: 0 };
    const meter = createIngestMeter(() => clock.now);
    const { storage, inserted } = slowStorage(clock, 12);
    const metered = meter.meter(storage);
    expect(metered.kind).toBe('sqlite');

    await metered.insertEvents([event('track'), event('page')]);
    await metered.insertEvents([
      event('client_report', { dropped: { full: 3, expired: 2, bogus: -1, huge: 1e10, text: 'x' }, backlog: 40 }),
      event('client_report', { dropped: 'none', backlog: 15 }),
      event('client_report', { backlog: -5 }),
    ]);
    expect(inserted).toHaveLength(2);

    expect(meter.take(2000)).toEqual({
      ingest_events_per_second: 2.5,
      db_write_p99_ms: 12,
      client_dropped_per_minute: 150,
      client_outbox_backlog: 40,
      sample_rate_min: 1,
      sample_rate_avg: 1,
    });
    expect(meter.take(0)).toEqual({
      ingest_events_per_second: 0,
      db_write_p99_ms: 0,
      client_dropped_per_minute: 0,
      client_outbox_backlog: 0,
      sample_rate_min: 1,
      sample_rate_avg: 1,
    });
  });

  it('counts the sample rates a limiter hands out, sync or async, and not its refusals', async () => {
    const meter = createIngestMeter(() => 0);
    const decisions: RateDecision[] = [
      { allowed: true, sampleRate: 1 },
      { allowed: true, sampleRate: 0.5 },
      { allowed: false, retryAfterSeconds: 3 },
    ];
    let next = 0;
    const sync = meter.meterLimiter((_key: string) => decisions[next++ % decisions.length]!);
    const promised = meter.meterLimiter(async (_key: string) => ({ allowed: true, sampleRate: 0.25 }) as RateDecision);

    expect(sync('a')).toEqual({ allowed: true, sampleRate: 1 });
    expect(sync('a')).toEqual({ allowed: true, sampleRate: 0.5 });
    expect(sync('a')).toEqual({ allowed: false, retryAfterSeconds: 3 });
    expect(await promised('b')).toEqual({ allowed: true, sampleRate: 0.25 });

    expect(meter.take(1000)).toMatchObject({ sample_rate_min: 0.25, sample_rate_avg: 0.58 });
    expect(meter.take(1000)).toMatchObject({ sample_rate_min: 1, sample_rate_avg: 1 });
  });
});
