import type { CapacityPlan } from '../../../server/src/metrics/capacity-plan.ts';
import { formatCount } from '../components/format.ts';
import { TableHead } from '../components/table-head.tsx';

/** A headroom in days, or that no limit is in sight. */
function daysText(value: number | null): string {
  return value === null ? 'not in sight' : `${formatCount(value)} days`;
}

/** The plan's figures: growth, when disk and capacity run out, peak and saturation, bytes and cost per event. */
export function CapacityFacts({ plan }: { plan: CapacityPlan }) {
  return (
    <dl class="facts">
      <dt>Growth</dt>
      <dd>
        {plan.growth.eventsPerDayPerDay.toFixed(1)} events/day per day ({plan.growth.percentPerWeek.toFixed(1)}% a week)
      </dd>
      <dt>Disk full in</dt>
      <dd data-figure="days-until-disk-full">{daysText(plan.daysUntilDiskFull)}</dd>
      <dt>Capacity exceeded in</dt>
      <dd>
        {plan.saturationEventsPerSecond > 0
          ? daysText(plan.daysUntilCapacityExceeded)
          : 'no saturation point measured (npm run loadtest -- --ramp)'}
      </dd>
      <dt>Peak / saturation</dt>
      <dd>
        {plan.peakEventsPerSecond.toFixed(1)} /{' '}
        {plan.saturationEventsPerSecond ? plan.saturationEventsPerSecond.toFixed(0) : '–'} events/s
      </dd>
      <dt>Bytes per event</dt>
      <dd data-figure="bytes-per-event">{formatCount(plan.bytesPerEvent)}</dd>
      <dt>Cost per million events</dt>
      <dd>
        {plan.costPerMillionEvents.total.toFixed(2)} {plan.costPerMillionEvents.currency} (
        {plan.costPerMillionEvents.cpuSeconds.toFixed(1)} CPU s,{' '}
        {formatCount(plan.costPerMillionEvents.diskBytes / 1e6)} MB)
      </dd>
    </dl>
  );
}

/** What each retention and sampling would need on disk, whether it fits, and when capacity would run out. */
export function WhatIfTable({ rows }: { rows: CapacityPlan['whatIf'] }) {
  return (
    <table class="data">
      <caption>What if</caption>
      <TableHead columns={['Retention', 'Sampling', 'Disk at steady state', 'Fits', 'Capacity exceeded in']} />
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.retentionDays} ${row.sampling}`}>
            <td>{row.retentionDays} days</td>
            <td>{Math.round(row.sampling * 100)}%</td>
            <td>{formatCount(row.steadyDiskBytes / 1e6)} MB</td>
            <td>{row.fitsOnDisk ? 'yes' : 'no'}</td>
            <td>{daysText(row.daysUntilCapacityExceeded)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
