import { LineChart } from '../components/line-chart.tsx';
import { pivot } from '../components/pivot.ts';
import type { EventPoint, TrendsAnswer } from '../components/trend-types.ts';
import { useState } from 'preact/hooks';
import { listExperiments } from '../../../shared/flags/list-experiments.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { follow } from '../app.tsx';
import { formatCount, formatP } from '../components/format.ts';
import { Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { navigate, pageHref, withParams } from '../use-location.ts';
import { ExperimentMetricView } from './experiment-metric-view.tsx';
import { PRIMARY_METRIC } from './experiment-verdict-leader.ts';
import type { ExperimentResults } from './experiment-verdict.ts';

/** Experiments: the list from the flag config, and one experiment's results with its forest plot and verdict. */
export function ExperimentsPage({ location, range }: PageProps) {
  const config = useApi<FlagsConfig>('/flags/config');
  const selected = location.rest[0];
  return (
    <div class="grid">
      <Panel
        title="Experiments"
        state={config}
        wide
        isEmpty={(data) => listExperiments(data).length === 0}
        empty="No experiment yet: add an experiment rule to a flag (Flags page or the flags file)."
      >
        {(data) => (
          <ul class="plain">
            {listExperiments(data).map((experiment) => (
              <li key={experiment.key}>
                <a
                  href={pageHref(`experiments/${encodeURIComponent(experiment.key)}`)}
                  aria-current={experiment.key === selected ? 'page' : undefined}
                  onClick={follow}
                >
                  {experiment.name ?? experiment.key}
                </a>{' '}
                <span class={experiment.active ? 'badge good' : 'badge'}>
                  {experiment.active ? 'running' : 'stopped'}
                </span>{' '}
                <span class="muted">
                  {experiment.variations
                    .map((variation, index) => `${variation} ${Math.round(experiment.weights[index]! * 100)}%`)
                    .join(' · ')}{' '}
                  · flag {experiment.flag}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      {selected ? (
        <ExperimentResultsView experiment={selected} metrics={location.params.getAll('metric')} range={range} />
      ) : null}
      {selected ? <ExposureTrend experiment={selected} range={range} /> : null}
    </div>
  );
}

function ExperimentResultsView({
  experiment,
  metrics,
  range,
}: {
  experiment: string;
  metrics: string[];
  range: PageProps['range'];
}) {
  const chosen = metrics.length ? metrics : [PRIMARY_METRIC];
  const results = useApi<ExperimentResults>('/experiments/results', {
    experiment,
    metric: chosen,
    since: range.since,
    until: range.until,
  });
  return (
    <Panel
      title={`Results: ${experiment}`}
      state={results}
      wide
      isEmpty={(data) => data.users.included === 0}
      empty="No exposures in this range: open a CRM page that evaluates this flag (the widget logs an exposure), or widen the range."
      actions={<MetricPicker metrics={chosen} />}
    >
      {(data) => (
        <div class="results">
          {data.srm.mismatch ? (
            <p class="banner poor" role="alert">
              Sample ratio mismatch (p = {formatP(data.srm.pValue)}): users per variation{' '}
              {data.srm.observed.join(' / ')} against the expected{' '}
              {data.srm.expected.map((value) => Math.round(value)).join(' / ')}. Assignment or tracking is broken: do
              not trust these numbers.
            </p>
          ) : null}
          <p class="muted">
            {formatCount(data.users.included)} users included; excluded: {data.users.excludedForced} forced,{' '}
            {data.users.excludedMultipleVariations} in several variations, {data.users.excludedUnknownVariation} unknown
            variation.
          </p>
          {data.metrics.map((metric) => (
            <ExperimentMetricView key={metric.metric} results={data} metric={metric} />
          ))}
        </div>
      )}
    </Panel>
  );
}

/** Exposures per hour by variation: the experiment's exposure events split by their `variation` prop. */
function ExposureTrend({ experiment, range }: { experiment: string; range: PageProps['range'] }) {
  const trend = useApi<TrendsAnswer<EventPoint>>('/analytics/trends', {
    series: 'events',
    name: experiment,
    breakdown: 'prop:variation',
    since: range.since,
    until: range.until,
  });
  const exposures = (data: TrendsAnswer<EventPoint>) => data.points.filter((point) => point.type === 'exposure');
  return (
    <Panel
      title="Exposures over time"
      state={trend}
      wide
      isEmpty={(data) => exposures(data).length === 0}
      empty="No exposures in this range: open a CRM page that evaluates this flag (the widget logs an exposure)."
    >
      {(data) => {
        const { times, series } = pivot(
          exposures(data),
          (point) => point.hour,
          (point) => point.value ?? '(none)',
          (point) => point.events,
        );
        return (
          <LineChart
            label={`Exposures per hour of ${experiment} by variation`}
            times={times}
            series={series}
            span={{ since: range.since, until: range.until }}
            height={180}
          />
        );
      }}
    </Panel>
  );
}

function MetricPicker({ metrics }: { metrics: string[] }) {
  const [text, setText] = useState(metrics.join('\n'));
  const apply = (event: Event) => {
    event.preventDefault();
    const list = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const url = new URL(withParams({}), location.origin);
    url.searchParams.delete('metric');
    for (const metric of list) url.searchParams.append('metric', metric);
    navigate(`${url.pathname}${url.search}`);
  };
  return (
    <form class="inline-form" onSubmit={apply}>
      <label for="metrics">Metrics (one a line: conversion:&lt;event&gt; or mean:&lt;property&gt;:&lt;event&gt;)</label>
      <textarea id="metrics" rows={2} value={text} onInput={(event) => setText(event.currentTarget.value)} />
      <button type="submit">Analyse</button>
    </form>
  );
}
