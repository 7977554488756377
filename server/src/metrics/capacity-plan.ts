/** What the capacity plan is computed from; every figure is measured except the operator's prices. */
export interface CapacityInputs {
  /** Events stored per UTC day, oldest first (from the hourly ingest rollups). */
  dailyEvents: { day: string; events: number }[];
  storedEvents: number;
  databaseBytes: number;
  freeDiskBytes: number;
  /** Highest hourly-max ingest rate of the last week, events/s. */
  peakEventsPerSecond: number;
  /** The highest rate measured with p99 within the limit (load test), events/s; 0 when none was measured. */
  saturationEventsPerSecond: number;
  /** CPU seconds the API processes spent per event over the last day (0 without traffic). */
  cpuSecondsPerEvent: number;
  retentionDays: number;
  prices: { cpuCoreHour: number; diskGbMonth: number; currency: string };
}

/** The plan: trend, headroom in days, cost per million events and what retention or sampling would change. */
export interface CapacityPlan {
  dailyEvents: { day: string; events: number }[];
  growth: { eventsPerDayPerDay: number; percentPerWeek: number };
  bytesPerEvent: number;
  freeDiskBytes: number;
  daysUntilDiskFull: number | null;
  peakEventsPerSecond: number;
  saturationEventsPerSecond: number;
  daysUntilCapacityExceeded: number | null;
  costPerMillionEvents: {
    cpuSeconds: number;
    diskBytes: number;
    cpu: number;
    disk: number;
    total: number;
    currency: string;
  };
  whatIf: {
    retentionDays: number;
    sampling: number;
    steadyDiskBytes: number;
    fitsOnDisk: boolean;
    daysUntilCapacityExceeded: number | null;
  }[];
  notes: string[];
}

const HORIZON_DAYS = 3650;

/** Computes the capacity plan (pure; the route gathers the inputs). Method in docs/operations.md, "Capacity plan". */
export function capacityPlan(inputs: CapacityInputs): CapacityPlan {
  const volumes = inputs.dailyEvents.map((day) => day.events);
  const slope = linearSlope(volumes);
  const current = volumes.length ? Math.max(0, volumes[volumes.length - 1]! + slope / 2) : 0;
  const mean = volumes.length ? volumes.reduce((sum, value) => sum + value, 0) / volumes.length : 0;
  const dailyGrowth = mean > 0 ? slope / mean : 0;
  const bytesPerEvent = inputs.storedEvents > 0 ? inputs.databaseBytes / inputs.storedEvents : 0;
  const daysUntilCapacity = (peak: number) =>
    inputs.saturationEventsPerSecond <= 0 || peak <= 0
      ? null
      : peak >= inputs.saturationEventsPerSecond
        ? 0
        : dailyGrowth <= 0
          ? null
          : round(Math.log(inputs.saturationEventsPerSecond / peak) / Math.log(1 + dailyGrowth));
  const cpuSeconds = inputs.cpuSecondsPerEvent * 1e6;
  const diskBytes = bytesPerEvent * 1e6;
  const cpuCost = (cpuSeconds / 3600) * inputs.prices.cpuCoreHour;
  // Disk is paid for as long as the events are kept: a month's price times the retention in months.
  const diskCost = (diskBytes / 1e9) * inputs.prices.diskGbMonth * ((inputs.retentionDays || 365) / 30);
  const notes: string[] = [];
  if (volumes.length < 7)
    notes.push(`only ${volumes.length} day(s) of ingest history: the growth trend is rough until a week is sampled`);
  if (inputs.saturationEventsPerSecond <= 0)
    notes.push(
      'no saturation point measured: run `npm run loadtest -- --ramp` and set CAPACITY_SATURATION_EVENTS_PER_SECOND, or POST /api/load-tests/run',
    );
  return {
    dailyEvents: inputs.dailyEvents,
    growth: { eventsPerDayPerDay: round(slope), percentPerWeek: round(dailyGrowth * 7 * 100) },
    bytesPerEvent: round(bytesPerEvent),
    freeDiskBytes: inputs.freeDiskBytes,
    daysUntilDiskFull: daysUntilFull(inputs.freeDiskBytes, current * bytesPerEvent, slope * bytesPerEvent),
    peakEventsPerSecond: round(inputs.peakEventsPerSecond),
    saturationEventsPerSecond: round(inputs.saturationEventsPerSecond),
    daysUntilCapacityExceeded: daysUntilCapacity(inputs.peakEventsPerSecond),
    costPerMillionEvents: {
      cpuSeconds: round(cpuSeconds),
      diskBytes: Math.round(diskBytes),
      cpu: round4(cpuCost),
      disk: round4(diskCost),
      total: round4(cpuCost + diskCost),
      currency: inputs.prices.currency,
    },
    whatIf: [30, 90, 180].flatMap((retentionDays) =>
      [1, 0.5, 0.25].map((sampling) => {
        const steadyDiskBytes = Math.round(current * sampling * bytesPerEvent * retentionDays);
        return {
          retentionDays,
          sampling,
          steadyDiskBytes,
          fitsOnDisk: steadyDiskBytes <= inputs.databaseBytes + inputs.freeDiskBytes,
          daysUntilCapacityExceeded: daysUntilCapacity(inputs.peakEventsPerSecond * sampling),
        };
      }),
    ),
    notes,
  };
}

/** Days until `free` bytes are used when `perDay` bytes arrive today and that grows by `growthPerDay` a day. */
function daysUntilFull(free: number, perDay: number, growthPerDay: number): number | null {
  if (perDay <= 0 && growthPerDay <= 0) return null;
  // free = perDay·d + growthPerDay·d²/2, solved for d (the positive root; linear when there is no growth).
  if (Math.abs(growthPerDay) < 1e-9) return perDay > 0 ? round(free / perDay) : null;
  const a = growthPerDay / 2;
  const discriminant = perDay * perDay + 4 * a * free;
  if (discriminant < 0) return null;
  const days = (-perDay + Math.sqrt(discriminant)) / (2 * a);
  return days > 0 && days < HORIZON_DAYS ? round(days) : null;
}

/** Least-squares slope of values over their index (per day). */
function linearSlope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let numerator = 0;
  let denominator = 0;
  values.forEach((value, index) => {
    numerator += (index - meanX) * (value - meanY);
    denominator += (index - meanX) ** 2;
  });
  return numerator / denominator;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
