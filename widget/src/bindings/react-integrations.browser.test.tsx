/** @jsxImportSource react */
import { act, useState } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BINDINGS_CONFIG, bindableClient } from './bindings-fixture.ts';
import { flagSnapshot, reactBindings } from './react.ts';

const {
  AnalyticsProvider,
  ErrorBoundary,
  ExperimentProvider,
  FeatureRequestForm,
  FeedbackWidget,
  NPSSurvey,
  useABTest,
  useAnalytics,
  useErrorTracking,
  usePerformanceTracking,
  useWebVitals,
} = reactBindings;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const container = document.createElement('div');
document.body.append(container);
const q = (id: string) => container.querySelector(`[data-testid="${id}"]`);
let root: { unmount(): void } | undefined;
const mount = (node: React.ReactNode) =>
  act(() => {
    const created = createRoot(container);
    root = created;
    created.render(node as never);
  });
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  container.replaceChildren();
  delete (window as { crmInsights?: unknown }).crmInsights;
  vi.restoreAllMocks();
});

function Broken({ fail }: { fail: boolean }): React.ReactNode {
  if (fail) throw new TypeError('deal list failed');
  return <p data-testid="healthy">ok</p>;
}

describe('React bindings beyond flags', () => {
  it('ErrorBoundary reports the error with its component stack, shows the fallback, and resets', () => {
    const { client, calls } = bindableClient();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    function App() {
      const [fail, setFail] = useState(true);
      return (
        <ErrorBoundary
          fallback={({ reset }: { reset(): void }) => (
            <button
              type="button"
              data-testid="retry"
              onClick={() => {
                setFail(false);
                reset();
              }}
            >
              retry
            </button>
          )}
        >
          <Broken fail={fail} />
        </ErrorBoundary>
      );
    }
    mount(
      <AnalyticsProvider client={client}>
        <App />
      </AnalyticsProvider>,
    );
    expect(q('healthy')).toBeNull();
    const reported = calls.find((call) => call.method === 'captureError')!;
    expect((reported.args[0] as Error).message).toBe('deal list failed');
    expect(reported.args[1]).toMatchObject({ kind: 'js', componentStack: expect.stringContaining('Broken') });
    act(() => (q('retry') as HTMLButtonElement).click());
    expect(q('healthy')?.textContent).toBe('ok');
  });

  it('useAnalytics and useErrorTracking reach the client', () => {
    const { client, tracked, calls } = bindableClient();
    function Buttons() {
      const analytics = useAnalytics();
      const { captureError } = useErrorTracking();
      return (
        <button
          type="button"
          onClick={() => {
            analytics.identify('user-7', { plan: 'pro' });
            analytics.page({ section: 'deals' });
            analytics.revenue(49, 'EUR', { plan: 'pro' });
            analytics.trackConversion('Deal Won', { deal_id: 1, value: 49 });
            captureError(new Error('handled'), { kind: 'validation' });
          }}
        >
          go
        </button>
      );
    }
    mount(
      <AnalyticsProvider client={client}>
        <Buttons />
      </AnalyticsProvider>,
    );
    act(() => (container.querySelector('button') as HTMLButtonElement).click());
    expect(tracked).toEqual([{ name: 'Deal Won', props: { deal_id: 1, value: 49, $conversion: true } }]);
    expect(calls.map((call) => [call.method, call.args[0], call.args[1]])).toEqual([
      ['identify', 'user-7', { plan: 'pro' }],
      ['page', { section: 'deals' }, undefined],
      ['revenue', 49, 'EUR'],
      ['captureError', expect.any(Error), { kind: 'validation' }],
    ]);
  });

  it('usePerformanceTracking leaves User Timing measures for a render and an interaction', () => {
    performance.clearMeasures();
    function Table() {
      const timing = usePerformanceTracking('DealsTable');
      return (
        <button
          type="button"
          onClick={() => {
            timing.start('sort');
            timing.end('sort');
          }}
        >
          sort
        </button>
      );
    }
    mount(<Table />);
    act(() => (container.querySelector('button') as HTMLButtonElement).click());
    const measures = performance.getEntriesByType('measure') as PerformanceMeasure[];
    expect(measures.map((entry) => [entry.name, (entry.detail as { kind: string }).kind])).toEqual([
      ['crm-insights:DealsTable', 'render'],
      ['crm-insights:DealsTable:sort', 'interaction'],
    ]);
    expect(measures[0]!.duration).toBeGreaterThanOrEqual(0);
  });

  it('useWebVitals gives the page load vitals to a component mounted after load', async () => {
    function Vitals() {
      const vitals = useWebVitals();
      return (
        <output data-testid="ttfb">{vitals.TTFB ? `${vitals.TTFB.rating}:${vitals.TTFB.value >= 0}` : 'none'}</output>
      );
    }
    mount(<Vitals />);
    await expect.poll(() => q('ttfb')?.textContent).toMatch(/^(good|needs-improvement|poor):true$/);
  });

  it('feedback components open the widget UI where the app put them', () => {
    const { client, calls } = bindableClient();
    mount(
      <AnalyticsProvider client={client}>
        <FeedbackWidget label="Tell us" prompt="How is the pipeline?" />
        <FeatureRequestForm />
        <NPSSurvey force />
      </AnalyticsProvider>,
    );
    const buttons = [...container.querySelectorAll('button')];
    expect(buttons.map((button) => button.textContent)).toEqual(['Tell us', 'Request a feature']);
    act(() => {
      for (const button of buttons) button.click();
    });
    expect(calls.map((call) => call.method)).toEqual(['nps.show', 'feedback.open', 'featureRequests.open']);
    expect(calls[1]!.args).toEqual(['How is the pipeline?']);
  });

  it('hydrates server HTML rendered from a flag snapshot without a mismatch, keeping the variant', async () => {
    function Page() {
      const { variant } = useABTest('layout');
      return <output data-testid="variant">{variant ?? 'none'}</output>;
    }
    const snapshot = flagSnapshot(BINDINGS_CONFIG, { id: 'binding-user' });
    container.innerHTML = renderToString(
      <ExperimentProvider snapshot={snapshot}>
        <Page />
      </ExperimentProvider>,
    );
    const served = q('variant')!.textContent;
    expect(served).toMatch(/^(control|B)$/);

    // Hydration happens before the async script tag has loaded: the snapshot must answer what the server did.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const recoverable = vi.fn();
    await act(async () => {
      root = hydrateRoot(
        container,
        <ExperimentProvider snapshot={snapshot}>
          <Page />
        </ExperimentProvider>,
        { onRecoverableError: recoverable },
      );
    });
    expect(recoverable).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    expect(q('variant')!.textContent).toBe(served);

    // Then the script tag arrives: the client takes over, and it agrees with the server (no flicker).
    const { client } = bindableClient('binding-user');
    act(() => {
      (window as { crmInsights?: unknown }).crmInsights = client;
      window.dispatchEvent(new Event('crm-insights:ready'));
    });
    expect(q('variant')!.textContent).toBe(served);
    expect(client.getVariant('layout')).toBe(served);
  });
});
