import { expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { createMetricsRepository } from '../metrics/metrics-repository.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { StoredEvent } from '../storage/types.ts';
import { createSqlAlertSignals } from './alert-signals.ts';

const NOW = Date.UTC(2026, 11, 6, 12);
const HOUR = 3_600_000;

function event(type: StoredEvent['type'], ts: number, extra: Partial<StoredEvent> = {}): StoredEvent {
  const id = uuidv7(ts);
  return { id, type, ts, sessionId: id, anonymousId: extra.anonymousId ?? id, receivedAt: ts, correctedTs: ts, ...extra } as StoredEvent;
}

forEachTestDatabase('alert signals by SQL', (open) => {
  it('reads error groups, vitals p75, NPS, exposures and metric averages within their windows', async () => {
    const storage = await storageOn(await open());
    try {
      const events: StoredEvent[] = [
        ...Array.from({ length: 4 }, () => event('error', NOW - 60_000, { name: 'TypeError', props: { fingerprint: 'fp-a', message: 'a broke' } })),
        event('error', NOW - 2 * HOUR, { name: 'TypeError', props: { fingerprint: 'fp-a', message: 'a broke' } }),
        event('error', NOW - 60_000, { name: 'RangeError', props: { message: 'no fingerprint' } }),
        event('error', NOW - 48 * HOUR, { name: 'TypeError', props: { fingerprint: 'fp-old', message: 'too old' } }),
        ...[1000, 2000, 3000, 4000].map((value) => event('vital', NOW - 60_000, { name: 'LCP', page: { url: 'https://crm/contacts', path: '/contacts' }, props: { value, rating: 'good' } })),
        ...[10, 10, 0].map((score) => event('nps', NOW - 60_000, { props: { score } })),
        ...['control', 'control', 'control', 'treatment'].map((variation, index) => event('exposure', NOW - 60_000, { name: 'checkout', anonymousId: uuidv7(NOW + index), props: { experiment: 'checkout', variation } })),
        event('exposure', NOW - 60_000, { name: 'checkout', props: { experiment: 'checkout', variation: 'treatment', forced: true } }),
      ];
      await storage.insertEvents(events);
      await storage.db.run("INSERT INTO error_groups (fingerprint, status, status_changed_at) VALUES ('fp-a', 'resolved', ?)", [NOW - HOUR]);
      const metrics = createMetricsRepository(storage.db);
      await metrics.record('a', NOW - 20_000, { health_score: 60 });
      await metrics.record('a', NOW - 10_000, { health_score: 80 });
      const signals = createSqlAlertSignals(storage.db, metrics, async () => [{ key: 'checkout', variations: ['control', 'treatment'], weights: [0.5, 0.5] }]);

      const groups = await signals.errorGroups(NOW - 5 * 60_000, NOW - 24 * HOUR, NOW);
      expect(groups.sort((a, b) => a.count - b.count)).toEqual([
        { fingerprint: 'RangeError: no fingerprint', message: 'no fingerprint', count: 1, baselineCount: 0, regressed: false },
        { fingerprint: 'fp-a', message: 'a broke', count: 4, baselineCount: 1, regressed: true },
      ]);
      expect(await signals.vitalsP75('LCP', NOW - HOUR, NOW)).toEqual([{ route: '/contacts', p75: 3000, count: 4 }]);
      expect(await signals.nps(NOW - HOUR, NOW)).toEqual({ score: 33.3, responses: 3 });
      expect(await signals.experimentExposures(NOW - HOUR, NOW)).toEqual([{ experiment: 'checkout', variations: ['control', 'treatment'], weights: [0.5, 0.5], observed: [3, 1] }]);
      expect(await signals.metricAverage('health_score', NOW - 60_000, NOW)).toBe(70);
      expect(await signals.metricAverage('health_score', NOW - 5000, NOW)).toBeUndefined();
    } finally {
      await storage.close();
    }
  });
});
