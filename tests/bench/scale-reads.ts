import { READ_KEY } from './server-process.ts';
import type { ReadCall } from './scale-summary.ts';

/** One analytics read the scale bench times. */
export interface ScaleRead {
  id: string;
  label: string;
  path: string;
}

/** Every read of issue #13, over the generated window; `trendsSeries` is the `series` the trends read is asked for. */
export function scaleReads(
  window: { since: number; until: number },
  experiment: string,
  trendsSeries: string,
): ScaleRead[] {
  const range = `since=${window.since}&until=${window.until}`;
  const steps = encodeURIComponent('Logged In,Contact Created,Deal Created,Deal Won');
  const metrics = ['conversion:Deal Won', 'mean:value:Deal Won']
    .map((metric) => `metric=${encodeURIComponent(metric)}`)
    .join('&');
  return [
    { id: 'overview', label: 'overview (rollups)', path: `/api/analytics/overview?${range}` },
    { id: 'funnel', label: 'funnel, 4 steps', path: `/api/analytics/funnels?steps=${steps}&${range}` },
    {
      id: 'funnelByVariation',
      label: 'funnel by variation',
      path: `/api/analytics/funnels?steps=${steps}&experiment=${experiment}&${range}`,
    },
    { id: 'retention', label: 'retention (weekly cohorts)', path: `/api/analytics/retention?${range}` },
    {
      id: 'experimentResults',
      label: 'experiment results (conversion + mean)',
      path: `/api/experiments/results?experiment=${experiment}&${metrics}&${range}`,
    },
    { id: 'vitals', label: 'vitals (p75, ratings)', path: `/api/analytics/vitals?${range}` },
    { id: 'errorGroups', label: 'error groups', path: `/api/errors/groups?${range}` },
    { id: 'nps', label: 'NPS', path: `/api/feedback/nps?${range}` },
    { id: 'apiPerformance', label: 'API performance', path: `/api/analytics/api-performance?${range}` },
    {
      id: 'trends',
      label: `trends (${trendsSeries})`,
      path: `/api/analytics/trends?series=${encodeURIComponent(trendsSeries)}&${range}`,
    },
  ];
}

/** Calls a read once with the read key and times it to the last byte of the answer. */
export async function callRead(origin: string, path: string): Promise<ReadCall> {
  const started = performance.now();
  try {
    const response = await fetch(origin + path, { headers: { Authorization: `Bearer ${READ_KEY}` } });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.ok) return { ms, status: response.status, bytes: Buffer.byteLength(text) };
    const error = (() => {
      try {
        return String((JSON.parse(text) as { error?: unknown }).error ?? text);
      } catch {
        return text;
      }
    })();
    return { ms, status: response.status, bytes: Buffer.byteLength(text), error: error.slice(0, 100) };
  } catch (error) {
    return {
      ms: performance.now() - started,
      status: 0,
      bytes: 0,
      error: (error instanceof Error ? error.message : String(error)).slice(0, 100),
    };
  }
}
