import { JsonBlock } from '../components/json-block.tsx';
import { useState } from 'preact/hooks';
import { formatPercent } from '../components/format.ts';
import { Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { navigate, withParams } from '../use-location.ts';
import { FunnelPanel } from './funnel-panel.tsx';

interface Cohort {
  week: string;
  size: number;
  retained: number[];
  rates: number[];
}

/**
 * Product analytics: the funnel builder and retention cohorts (today's reads), and the event explorer, revenue
 * and top pages, which ask `GET /api/analytics/trends` and show its answer or its refusal.
 */
export function ProductPage({ location, range }: PageProps) {
  const span = { since: range.since, until: range.until };
  const event = location.params.get('event') ?? 'Deal Created';
  const breakdown = location.params.get('by') ?? '';
  const explorer = useApi<Record<string, unknown>>('/analytics/trends', { series: `events:${event}`, breakdown, ...span });
  const revenue = useApi<Record<string, unknown>>('/analytics/trends', { series: 'revenue', ...span });
  const pages = useApi<Record<string, unknown>>('/analytics/trends', { series: 'top-pages', ...span });
  const retention = useApi<{ cohorts: Cohort[] }>('/analytics/retention', span);
  return (
    <div class="grid">
      <FunnelPanel location={location} range={range} />
      <Panel title="Retention by weekly cohort" state={retention} wide isEmpty={(data) => data.cohorts.length === 0} empty="Nobody was active in this range: retention fills in as people use the CRM week after week.">
        {(data) => <RetentionHeatmap cohorts={data.cohorts} />}
      </Panel>
      <Panel title="Event explorer" state={explorer} wide actions={<ExplorerForm event={event} breakdown={breakdown} />}>
        {(data) => <JsonBlock value={data} label="Answer as JSON" />}
      </Panel>
      <Panel title="Revenue by currency" state={revenue}>
        {(data) => <JsonBlock value={data} label="Answer as JSON" />}
      </Panel>
      <Panel title="Top pages" state={pages}>
        {(data) => <JsonBlock value={data} label="Answer as JSON" />}
      </Panel>
    </div>
  );
}

function RetentionHeatmap({ cohorts }: { cohorts: Cohort[] }) {
  const columns = Math.max(...cohorts.map((cohort) => cohort.rates.length));
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label="Retention cohorts">
      <table class="data heatmap">
        <thead>
          <tr>
            <th scope="col">Cohort (week of)</th>
            <th scope="col">People</th>
            {Array.from({ length: columns }, (_, week) => (
              <th key={week} scope="col">
                Week {week}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((cohort) => (
            <tr key={cohort.week}>
              <th scope="row">{cohort.week}</th>
              <td>{cohort.size}</td>
              {Array.from({ length: columns }, (_, week) => {
                const rate = cohort.rates[week];
                return rate === undefined ? (
                  <td key={week} />
                ) : (
                  <td key={week} class="heat" data-rate={rate} style={{ backgroundColor: `rgba(51, 85, 255, ${0.08 + rate * 0.82})`, color: rate > 0.5 ? '#fff' : '#1d2433' }} title={`${cohort.retained[week]} of ${cohort.size}`}>
                    {formatPercent(rate)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ExplorerForm({ event, breakdown }: { event: string; breakdown: string }) {
  const [name, setName] = useState(event);
  const [by, setBy] = useState(breakdown);
  return (
    <form
      class="inline-form"
      onSubmit={(submit) => {
        submit.preventDefault();
        navigate(withParams({ event: name.trim(), by: by.trim() || undefined }));
      }}
    >
      <label for="explorer-event">Event</label>
      <input id="explorer-event" value={name} onInput={(input) => setName(input.currentTarget.value)} />
      <label for="explorer-by">Break down by</label>
      <input id="explorer-by" placeholder="user property or prop" value={by} onInput={(input) => setBy(input.currentTarget.value)} />
      <button type="submit">Explore</button>
    </form>
  );
}
