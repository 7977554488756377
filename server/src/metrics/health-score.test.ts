import { describe, expect, it } from 'vitest';
import { healthScore } from './health-score.ts';

const calm = { requests: 1000, failed: 0 };

describe('healthScore', () => {
  it.each([
    ['a healthy server', {}, calm, calm, 100, []],
    [
      'p99 latency half way to bad',
      { http_latency_p99_ms: 1125 },
      calm,
      calm,
      93,
      ['API latency p99 1125 ms (over 250 ms): -7.5'],
    ],
    [
      'a blocked event loop',
      { event_loop_delay_p99_ms: 500 },
      calm,
      calm,
      85,
      ['event-loop delay p99 500 ms (over 20 ms): -15'],
    ],
    ['a nearly full disk', { disk_free_percent: 5 }, calm, calm, 85, ['free disk 5 % (under 20 %): -15']],
    [
      'slow database writes',
      { db_write_p99_ms: 525 },
      calm,
      calm,
      93,
      ['database write p99 525 ms (over 50 ms): -7.5'],
    ],
    ['ingest failing', {}, { requests: 100, failed: 10 }, calm, 75, ['ingest success rate 90 % (under 99.9 %): -25']],
    [
      'the hour’s error budget spent',
      {},
      calm,
      { requests: 10_000, failed: 10 },
      85,
      ['error budget used (last hour) 100 % (over 50 %): -15'],
    ],
  ])('%s scores %i', (_title, latest, ingest, hour, score, reasons) => {
    const result = healthScore({ latest, ingest, hour });
    expect(result.score).toBe(score);
    expect(result.reasons).toEqual(reasons);
    expect(result.components.reduce((sum, term) => sum + term.weight, 0)).toBe(100);
  });

  it('never goes below 0', () => {
    const result = healthScore({
      latest: { http_latency_p99_ms: 1e6, event_loop_delay_p99_ms: 1e6, db_write_p99_ms: 1e6, disk_free_percent: 0 },
      ingest: { requests: 10, failed: 10 },
      hour: { requests: 10, failed: 10 },
    });
    expect(result.score).toBe(0);
    expect(result.reasons).toHaveLength(6);
  });
});
