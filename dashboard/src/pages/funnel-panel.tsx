import { useState } from 'preact/hooks';
import { Bar } from '../components/bar.tsx';
import { formatCount, formatPercent } from '../components/format.ts';
import { Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { navigate, withParams } from '../use-location.ts';
import type { FunnelAnswer } from '../../../server/src/analytics/queries/funnel.ts';
import type { FunnelStepResult } from '../../../server/src/analytics/funnel.ts';

const WINDOWS = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '7 days', ms: 7 * 86_400_000 },
  { label: '30 days', ms: 30 * 86_400_000 },
];
const DEFAULT_STEPS = ['page:/contacts', 'Deal Created', 'Deal Won'];

/** The funnel builder: 2–10 steps, a window and an optional split by experiment variation, all kept in the URL. */
export function FunnelPanel({ location, range }: Pick<PageProps, 'location' | 'range'>) {
  const steps = (location.params.get('steps') ?? DEFAULT_STEPS.join(',')).split(',').filter(Boolean);
  const windowMs = Number(location.params.get('window') ?? 7 * 86_400_000);
  const experiment = location.params.get('split') ?? '';
  const funnel = useApi<FunnelAnswer>('/analytics/funnels', {
    steps: steps.join(','),
    windowMs,
    experiment,
    since: range.since,
    until: range.until,
  });
  return (
    <Panel
      title="Funnel"
      state={funnel}
      wide
      isEmpty={(data) => data.result[0]?.count === 0}
      empty="Nobody did the first step in this range: check the step names (event names, or page:/path) or widen the range."
      actions={<FunnelForm steps={steps} windowMs={windowMs} experiment={experiment} />}
    >
      {(data) => (
        <>
          <FunnelBars title="Everyone" steps={data.result} />
          {(data.variations ?? []).map((variation) => (
            <FunnelBars
              key={variation.variation}
              title={`${data.experiment}: ${variation.variation}`}
              steps={variation.result}
            />
          ))}
        </>
      )}
    </Panel>
  );
}

function FunnelBars({ title, steps }: { title: string; steps: FunnelStepResult[] }) {
  return (
    <table class="data funnel" aria-label={`Funnel: ${title}`}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">People</th>
          <th scope="col">From step 1</th>
          <th scope="col">From previous</th>
          <th scope="col" class="bar-col">
            Conversion
          </th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step, index) => (
          <tr key={step.step} data-step={step.step}>
            <th scope="row">
              {index + 1}. {step.step}
            </th>
            <td class="count">{formatCount(step.count)}</td>
            <td>{formatPercent(step.conversion)}</td>
            <td>{formatPercent(step.fromPrevious)}</td>
            <td>
              <Bar share={step.conversion} label={`${step.step}: ${formatPercent(step.conversion)} of step 1`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The funnel's steps, window and split being edited; showing the funnel writes them to the URL. */
function FunnelForm({ steps, windowMs, experiment }: { steps: string[]; windowMs: number; experiment: string }) {
  const [draft, setDraft] = useState(steps);
  const [split, setSplit] = useState(experiment);
  const [windowChoice, setWindowChoice] = useState(String(windowMs));
  const apply = (event: Event) => {
    event.preventDefault();
    navigate(
      withParams({
        steps: draft
          .map((step) => step.trim())
          .filter(Boolean)
          .join(','),
        window: windowChoice,
        split: split.trim() || undefined,
      }),
    );
  };
  return (
    <form class="funnel-form" onSubmit={apply} aria-label="Funnel steps">
      <FunnelStepFields steps={draft} onChange={setDraft} />
      <label for="funnel-window">Window</label>
      <select id="funnel-window" value={windowChoice} onChange={(event) => setWindowChoice(event.currentTarget.value)}>
        {WINDOWS.map((option) => (
          <option key={option.ms} value={String(option.ms)}>
            {option.label}
          </option>
        ))}
      </select>
      <label for="funnel-split">Split by experiment</label>
      <input
        id="funnel-split"
        placeholder="experiment key"
        value={split}
        onInput={(event) => setSplit(event.currentTarget.value)}
      />
      <button type="submit" class="primary">
        Show funnel
      </button>
    </form>
  );
}

/** The steps being edited, each with its remove button, and a button to add one: a funnel keeps 2 to 10 steps. */
function FunnelStepFields({ steps, onChange }: { steps: string[]; onChange: (steps: string[]) => void }) {
  return (
    <>
      <ol>
        {steps.map((step, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a step is its position in the funnel (the inputs are controlled).
          <li key={index}>
            <label for={`step-${index}`}>Step {index + 1}</label>
            <input
              id={`step-${index}`}
              value={step}
              onInput={(event) => onChange(steps.map((each, at) => (at === index ? event.currentTarget.value : each)))}
            />
            <button
              type="button"
              aria-label={`Remove step ${index + 1}`}
              disabled={steps.length <= 2}
              onClick={() => onChange(steps.filter((_, at) => at !== index))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <button type="button" disabled={steps.length >= 10} onClick={() => onChange([...steps, ''])}>
        Add step
      </button>
    </>
  );
}
