import { expect, it } from 'vitest';
import { errorProps } from '../../../tests/support/error-props.ts';
import { startTestServer, TEST_WRITE_KEY } from '../../../tests/support/server.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { createMetricsRepository } from '../metrics/metrics-repository.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { StoredEvent } from '../storage/types.ts';
import { createEngineAlertSignals } from './alert-signals.ts';

const NOW = Date.UTC(2026, 11, 6, 12);
const HOUR = 3_600_000;

function event(type: StoredEvent['type'], ts: number, extra: Partial<StoredEvent> = {}): StoredEvent {
  const id = uuidv7(ts);
  return {
    id,
    type,
    ts,
    sessionId: id,
    anonymousId: extra.anonymousId ?? id,
    receivedAt: ts,
    correctedTs: ts,
    ...extra,
  } as StoredEvent;
}

forEachTestDatabase('alert signals from the analytics rollups', (open) => {
  it('reads error groups (folded counts), vitals p75 per route template, NPS, exposures and metric averages within their windows', async () => {
    const storage = await storageOn(await open());
    try {
      const events: StoredEvent[] = [
        ...Array.from({ length: 4 }, () =>
          event('error', NOW - 60_000, { name: 'TypeError', props: { fingerprint: 'fp-a', message: 'a broke' } }),
        ),
        event('error', NOW - 2 * HOUR, { name: 'TypeError', props: { fingerprint: 'fp-a', message: 'a broke' } }),
        event('error', NOW - 60_000, { name: 'RangeError', props: { message: 'no fingerprint' } }),
        // The widget folds repeats of one error into one event with a count.
        event('error', NOW - 2 * 60_000, { name: 'RangeError', props: { message: 'no fingerprint', count: 6 } }),
        event('error', NOW - 6 * 60_000, {
          name: 'TypeError',
          props: { fingerprint: 'fp-a', message: 'a broke', count: 2 },
        }),
        event('error', NOW - 48 * HOUR, { name: 'TypeError', props: { fingerprint: 'fp-old', message: 'too old' } }),
        ...[1000, 2000, 3000, 4000].map((value, index) =>
          event('vital', NOW - 60_000, {
            name: 'LCP',
            page: { url: `https://crm/contacts/${index + 1}`, path: `/contacts/${index + 1}` },
            props: { value, rating: 'good' },
          }),
        ),
        event('vital', NOW - 60_000, {
          name: 'LCP',
          page: { url: 'https://crm/deals', path: '/deals' },
          props: { value: 900, rating: 'good' },
        }),
        event('vital', NOW - 2 * HOUR, {
          name: 'LCP',
          page: { url: 'https://crm/deals', path: '/deals' },
          props: { value: 9000, rating: 'poor' },
        }),
        ...[10, 10, 0].map((score) => event('nps', NOW - 60_000, { props: { score } })),
        event('nps', NOW - HOUR - 60_000, { props: { score: 0 } }),
        ...['control', 'control', 'control', 'treatment'].map((variation, index) =>
          event('exposure', NOW - 60_000, {
            name: 'checkout',
            anonymousId: uuidv7(NOW + index),
            props: { experiment: 'checkout', variation },
          }),
        ),
        event('exposure', NOW - 60_000, {
          name: 'checkout',
          props: { experiment: 'checkout', variation: 'treatment', forced: true },
        }),
      ];
      await storage.insertEvents(events);
      await storage.db.run(
        "INSERT INTO error_groups (fingerprint, status, status_changed_at) VALUES ('fp-a', 'resolved', ?)",
        [NOW - HOUR],
      );
      const metrics = createMetricsRepository(storage.db);
      await metrics.record('a', NOW - 20_000, { health_score: 60 });
      await metrics.record('a', NOW - 10_000, { health_score: 80 });
      await storage.analytics.catchUp();
      const signals = createEngineAlertSignals(storage.analytics, storage.db, metrics, async () => [
        { key: 'checkout', variations: ['control', 'treatment'], weights: [0.5, 0.5] },
      ]);

      const groups = await signals.errorGroups(NOW - 5 * 60_000, NOW - 24 * HOUR, NOW);
      expect(groups.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))).toEqual([
        { fingerprint: 'fp-a', message: 'a broke', count: 4, baselineCount: 3, regressed: true },
        {
          fingerprint: 'RangeError: no fingerprint',
          message: 'no fingerprint',
          count: 7,
          baselineCount: 0,
          regressed: false,
        },
      ]);
      expect(await signals.vitalsP75('LCP', NOW - HOUR, NOW)).toEqual([
        { route: '/contacts/:id', p75: 3000, count: 4 },
        { route: '/deals', p75: 900, count: 1 },
      ]);
      expect(await signals.nps(NOW - HOUR, NOW)).toEqual({ score: 33.3, responses: 3 });
      expect(await signals.nps(NOW - 2 * HOUR, NOW - HOUR)).toEqual({ score: -100, responses: 1 });
      expect(await signals.experimentExposures(NOW - HOUR, NOW)).toEqual([
        { experiment: 'checkout', variations: ['control', 'treatment'], weights: [0.5, 0.5], observed: [3, 1] },
      ]);
      expect(await signals.metricAverage('health_score', NOW - 60_000, NOW)).toBe(70);
      expect(await signals.metricAverage('health_score', NOW - 5000, NOW)).toBeUndefined();
    } finally {
      await storage.close();
    }
  });
});

it('reads what the real API ingested once the projector took it in, from the projection and not the record', async () => {
  const server = await startTestServer({ metricsSampleMs: 0, trackingPlan: false });
  try {
    const signals = createEngineAlertSignals(
      server.storage.analytics,
      server.storage.db,
      server.operations.repository,
      async () => [],
    );
    const ts = Date.now();
    const window = () => signals.errorGroups(ts - 5 * 60_000, ts - 24 * HOUR, Date.now() + 60_000);
    expect(await window()).toEqual([]);
    const events = [
      {
        id: uuidv7(ts),
        type: 'error',
        name: 'TypeError',
        ts,
        sessionId: uuidv7(ts),
        anonymousId: uuidv7(ts),
        props: errorProps({ fingerprint: 'fp-api', message: 'from the API', count: 3 }),
      },
      {
        id: uuidv7(ts),
        type: 'vital',
        name: 'LCP',
        ts,
        sessionId: uuidv7(ts),
        anonymousId: uuidv7(ts),
        page: { url: 'https://crm.test/deals/9', path: '/deals/9' },
        props: { id: 'v1-api', value: 4200, rating: 'poor' },
      },
    ];
    const response = await fetch(`${server.origin}/api/analytics/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_WRITE_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sentAt: ts, events }),
    });
    expect(response.status).toBe(200);
    // No catch-up call: the projector's own polling brings the events in (bounded wait).
    let groups = await window();
    for (let tries = 0; groups.length === 0 && tries < 100; tries++) {
      await new Promise((wake) => setTimeout(wake, 100));
      groups = await window();
    }
    expect(groups).toEqual([
      { fingerprint: 'fp-api', message: 'from the API', count: 3, baselineCount: 0, regressed: false },
    ]);
    // Gone from the record, still in the projection: the signals read the projection.
    await server.storage.db.run('DELETE FROM events');
    expect(await window()).toEqual(groups);
    expect(await signals.vitalsP75('LCP', ts - 60_000, Date.now() + 60_000)).toEqual([
      { route: '/deals/:id', p75: 4200, count: 1 },
    ]);
  } finally {
    await server.stop();
  }
});
