import { useState } from 'preact/hooks';
import { formatPercent } from '../components/format.ts';
import { Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { navigate, withParams } from '../use-location.ts';
import { FunnelPanel } from './funnel-panel.tsx';
import { EventExplorer, RevenueView, TopPages } from './product-panels.tsx';
import type { RevenueAnswer } from './product-panels.tsx';
import type { EventPoint, TrendsAnswer } from '../components/trend-types.ts';
import type { RetentionCohort as Cohort } from '../../../server/src/analytics/retention.ts';

/**
 * Product analytics: the funnel builder, retention cohorts, the event explorer (an event's count per hour, split by
 * a trait or prop), revenue by currency and the top pages (page views split by their route template).
 */
export function ProductPage({ location, range }: PageProps) {
  const span = { since: range.since, until: range.until };
  const event = location.params.get('event') ?? 'Deal Created';
  const breakdown = location.params.get('by') ?? '';
  const explorer = useApi<TrendsAnswer<EventPoint>>('/analytics/trends', {
    series: 'events',
    name: event,
    breakdown,
    ...span,
  });
  const revenue = useApi<RevenueAnswer>('/analytics/revenue', span);
  const pages = useApi<TrendsAnswer<EventPoint>>('/analytics/trends', {
    series: 'events',
    breakdown: 'prop:route',
    ...span,
  });
  const retention = useApi<{ cohorts: Cohort[] }>('/analytics/retention', span);
  return (
    <div class="grid">
      <FunnelPanel location={location} range={range} />
      <Panel
        title="Retention by weekly cohort"
        state={retention}
        wide
        isEmpty={(data) => data.cohorts.length === 0}
        empty="Nobody was active in this range: retention fills in as people use the CRM week after week."
      >
        {(data) => <RetentionHeatmap cohorts={data.cohorts} />}
      </Panel>
      <Panel
        title="Event explorer"
        state={explorer}
        wide
        actions={<ExplorerForm event={event} breakdown={breakdown} />}
        isEmpty={(data) => data.points.length === 0}
        empty={`No "${event}" events in this range: check the event name (as sent with track()), or widen the range.`}
      >
        {(data) => <EventExplorer points={data.points} split={breakdown !== ''} span={span} />}
      </Panel>
      <Panel
        title="Revenue by currency"
        state={revenue}
        isEmpty={(data) => data.totals.length === 0}
        empty="No revenue in this range: revenue counts track('Revenue', { amount, currency }) events."
      >
        {(data) => <RevenueView data={data} span={span} />}
      </Panel>
      <Panel
        title="Top pages"
        state={pages}
        isEmpty={(data) => !data.points.some((point) => point.type === 'page')}
        empty="No page views in this range: install the script tag, then load a CRM page."
      >
        {(data) => <TopPages points={data.points} />}
      </Panel>
    </div>
  );
}

function RetentionHeatmap({ cohorts }: { cohorts: Cohort[] }) {
  // Week numbers since the cohort's start (0, 1, 2…): the heatmap's columns.
  const weeks = [...Array(Math.max(...cohorts.map((cohort) => cohort.rates.length))).keys()];
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label="Retention cohorts">
      <table class="data heatmap">
        <thead>
          <tr>
            <th scope="col">Cohort (week of)</th>
            <th scope="col">People</th>
            {weeks.map((week) => (
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
              {weeks.map((week) => {
                const rate = cohort.rates[week];
                return rate === undefined ? (
                  <td key={week} />
                ) : (
                  <td
                    key={week}
                    class="heat"
                    data-rate={rate}
                    style={{
                      backgroundColor: `rgba(51, 85, 255, ${0.08 + rate * 0.82})`,
                      color: rate > 0.5 ? '#fff' : '#1d2433',
                    }}
                    title={`${cohort.retained[week]} of ${cohort.size}`}
                  >
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
      <input
        id="explorer-by"
        placeholder="trait:plan or prop:stage"
        value={by}
        onInput={(input) => setBy(input.currentTarget.value)}
      />
      <button type="submit">Explore</button>
    </form>
  );
}
