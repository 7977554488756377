/** @jsxImportSource react */
import { useState } from 'react';

type Load =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; text: string }
  | { state: 'failed'; text: string };

async function load(url: string): Promise<string> {
  const started = performance.now();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const body = (await response.json()) as { summary: string };
  return `${body.summary} (${Math.round(performance.now() - started)} ms)`;
}

interface Forecast {
  quarters?: { amount: number }[];
}

/** A real bug: the forecast has no `quarters` when the service returned nothing, and this forgets to check. */
function forecastTotal(forecast: Forecast): number {
  return forecast.quarters!.reduce((sum, quarter) => sum + quarter.amount, 0);
}

/** Another bug: a win rate over zero closed deals asks for an array of negative length. */
function winRateBuckets(closed: number): number[] {
  return new Array<number>(closed - 1).fill(0);
}

/** Calls a slow API and a failing one, as real CRM reports do; two buttons hit real bugs. */
export function ReportsPage() {
  const [slow, setSlow] = useState<Load>({ state: 'idle' });
  const [failing, setFailing] = useState<Load>({ state: 'idle' });
  const [total, setTotal] = useState<number | undefined>();
  const run = (url: string, set: (load: Load) => void) => {
    set({ state: 'loading' });
    load(url).then(
      (text) => set({ state: 'done', text }),
      (error: Error) => set({ state: 'failed', text: error.message }),
    );
  };
  const show = (value: Load) =>
    value.state === 'loading'
      ? 'Loading…'
      : value.state === 'idle'
        ? ''
        : value.state === 'failed'
          ? `Failed: ${value.text}`
          : value.text;
  return (
    <section>
      <h1>Reports</h1>
      <div className="cards">
        <article className="card">
          <h2>Account summary</h2>
          <p>Aggregates every account: slow on purpose.</p>
          <button type="button" onClick={() => run('/demo-api/accounts/42/summary', setSlow)}>
            Load account summary
          </button>
          <output data-testid="slow-result">{show(slow)}</output>
        </article>
        <article className="card">
          <h2>Revenue forecast</h2>
          <p>The forecast service is down in this demo.</p>
          <button
            type="button"
            data-insights-event="Report Viewed"
            data-insights-props='{"report":"forecast"}'
            onClick={() => run('/demo-api/reports/forecast', setFailing)}
          >
            Load forecast
          </button>
          <output data-testid="failing-result">{show(failing)}</output>
        </article>
        <article className="card">
          <h2>Quarter totals</h2>
          <p>Both buttons hit bugs the widget reports.</p>
          <button type="button" onClick={() => setTotal(forecastTotal({}))}>
            Sum the forecast
          </button>
          <button type="button" onClick={() => setTotal(winRateBuckets(0).length)}>
            Bucket win rates
          </button>
          <output data-testid="total">{total ?? ''}</output>
        </article>
      </div>
    </section>
  );
}
