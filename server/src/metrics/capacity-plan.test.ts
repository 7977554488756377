import { describe, expect, it } from 'vitest';
import { capacityPlan } from './capacity-plan.ts';
import type { CapacityInputs } from './capacity-plan.ts';

const base: CapacityInputs = {
  dailyEvents: Array.from({ length: 10 }, (_, index) => ({
    day: `2026-11-${String(20 + index).padStart(2, '0')}`,
    events: 1_000_000 + index * 100_000,
  })),
  storedEvents: 10_000_000,
  databaseBytes: 5_000_000_000,
  freeDiskBytes: 100_000_000_000,
  peakEventsPerSecond: 400,
  saturationEventsPerSecond: 4000,
  cpuSecondsPerEvent: 0.0001,
  retentionDays: 90,
  prices: { cpuCoreHour: 0.05, diskGbMonth: 0.1, currency: 'USD' },
};

describe('capacityPlan', () => {
  it('projects disk and capacity headroom from the growth trend and prices a million events', () => {
    const plan = capacityPlan(base);
    expect(plan.growth.eventsPerDayPerDay).toBe(100_000);
    expect(plan.bytesPerEvent).toBe(500);
    // 1.95 M events/day (975 MB) growing by 100 k/day (50 MB): 975·d + 25·d² = 100 000 MB at d ≈ 46.7.
    expect(plan.daysUntilDiskFull).toBeCloseTo(46.68, 1);
    expect(plan.daysUntilCapacityExceeded).toBeGreaterThan(30);
    expect(plan.costPerMillionEvents).toMatchObject({ cpuSeconds: 100, diskBytes: 500_000_000, currency: 'USD' });
    expect(plan.costPerMillionEvents.total).toBeCloseTo((100 / 3600) * 0.05 + 0.5 * 0.1 * 3, 4);
    const halfSampled = plan.whatIf.find((row) => row.retentionDays === 90 && row.sampling === 0.5)!;
    const full = plan.whatIf.find((row) => row.retentionDays === 90 && row.sampling === 1)!;
    expect(halfSampled.steadyDiskBytes).toBeCloseTo(full.steadyDiskBytes / 2, -2);
    expect(plan.notes).toEqual([]);
  });

  it('says what is missing instead of inventing numbers', () => {
    const plan = capacityPlan({
      ...base,
      dailyEvents: [{ day: '2026-12-06', events: 0 }],
      storedEvents: 0,
      saturationEventsPerSecond: 0,
    });
    expect(plan.daysUntilDiskFull).toBeNull();
    expect(plan.daysUntilCapacityExceeded).toBeNull();
    expect(plan.notes.join(' ')).toMatch(/only 1 day.*no saturation point measured/s);
  });
});
