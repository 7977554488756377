import { percentile } from '../analytics/vitals-summary.ts';
import type { RateDecision } from '../rate-limiter.ts';
import type { Storage } from '../storage/types.ts';
import type { MetricValues } from './metric-catalogue.ts';
import { round } from './process-probe.ts';

/** Counts what ingest stored, how long writes took, the sampling handed out and what widgets said they dropped. */
export interface IngestMeter {
  /** The same storage, with every insert measured. */
  meter(storage: Storage): Storage;
  /** The same limiter, with every sampleRate it hands out counted. */
  meterLimiter<Limiter extends (key: string) => RateDecision | Promise<RateDecision>>(limiter: Limiter): Limiter;
  /** Figures since the previous call (rates over `elapsedMs`); resets them. */
  take(elapsedMs: number): MetricValues;
}

const KEPT_WRITE_TIMES = 2000;

/** Wraps storage and the limiter so the sampler can report ingest without ingest knowing about metrics. */
export function createIngestMeter(clock: () => number = () => performance.now()): IngestMeter {
  const writes = writeMeter(clock);
  const sampling = samplingMeter();
  return {
    meter: writes.meter,
    meterLimiter: sampling.meterLimiter,
    take(elapsedMs) {
      const seconds = Math.max(elapsedMs, 1) / 1000;
      return { ...writes.take(seconds), ...sampling.take() };
    },
  };
}

/** Counts the events stored, how long each write took, and what widgets' client reports say they dropped and hold. */
function writeMeter(clock: () => number): Pick<IngestMeter, 'meter'> & { take(seconds: number): MetricValues } {
  let stored = 0;
  let dropped = 0;
  let backlog = 0;
  let writes: number[] = [];
  // A client_report carries `dropped: { reason: count }` (widget/src/delivery/drop-report.ts) and may carry `backlog`.
  const countReport = (props: Record<string, unknown> | undefined): void => {
    const counts = props?.dropped;
    if (counts && typeof counts === 'object') {
      for (const value of Object.values(counts))
        if (typeof value === 'number' && value > 0 && value < 1e9) dropped += value;
    }
    if (typeof props?.backlog === 'number' && props.backlog >= 0) backlog = Math.max(backlog, props.backlog);
  };
  return {
    meter: (storage) => ({
      ...storage,
      async insertEvents(events) {
        const started = clock();
        const result = await storage.insertEvents(events);
        if (writes.length < KEPT_WRITE_TIMES) writes.push(clock() - started);
        stored += result.accepted;
        for (const event of events) if (event.type === 'client_report') countReport(event.props);
        return result;
      },
    }),
    take(seconds) {
      const values: MetricValues = {
        ingest_events_per_second: round(stored / seconds),
        db_write_p99_ms: round(percentile(writes, 99)),
        client_dropped_per_minute: round((dropped / seconds) * 60),
        client_outbox_backlog: backlog,
      };
      stored = 0;
      dropped = 0;
      backlog = 0;
      writes = [];
      return values;
    },
  };
}

/** Counts the sample rates the limiter hands out: how many, their sum and the lowest. */
function samplingMeter(): Pick<IngestMeter, 'meterLimiter'> & { take(): MetricValues } {
  let rates = { count: 0, sum: 0, min: 1 };
  const count = (decision: RateDecision) => {
    if (!decision.allowed) return decision;
    rates.count += 1;
    rates.sum += decision.sampleRate;
    rates.min = Math.min(rates.min, decision.sampleRate);
    return decision;
  };
  return {
    meterLimiter: (limiter) =>
      ((key: string) => {
        const decision = limiter(key);
        return decision instanceof Promise ? decision.then(count) : count(decision);
      }) as typeof limiter,
    take() {
      const values: MetricValues = {
        sample_rate_min: rates.min,
        sample_rate_avg: rates.count ? round(rates.sum / rates.count) : 1,
      };
      rates = { count: 0, sum: 0, min: 1 };
      return values;
    },
  };
}
