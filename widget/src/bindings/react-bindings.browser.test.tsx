/** @jsxImportSource react */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { bindableClient } from './bindings-fixture.ts';
import { reactBindings } from './react.ts';

const { ExperimentProvider, FeatureGate, ABTestVariant, useABTest, useAnalytics, useFeatureFlag } = reactBindings;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Page() {
  const { variation, convert } = useABTest('layout');
  const { track } = useAnalytics();
  const badge = useFeatureFlag('deal-badge');
  return (
    <div>
      <output data-testid="variation">{variation}</output>
      <output data-testid="badge-value">{String(badge)}</output>
      <FeatureGate flag="deal-badge" fallback={<span data-testid="no-badge" />}>
        <span data-testid="badge" />
      </FeatureGate>
      <ABTestVariant experiment="layout" variation="B">
        <span data-testid="compact" />
      </ABTestVariant>
      <button type="button" onClick={() => convert('Deal Won', { value: 5 })}>
        convert
      </button>
      <button type="button" onClick={() => track('Clicked')}>
        track
      </button>
    </div>
  );
}

const container = document.createElement('div');
document.body.append(container);
const q = (id: string) => container.querySelector(`[data-testid="${id}"]`);
let root: ReturnType<typeof createRoot> | undefined;
afterEach(() => {
  act(() => root?.unmount());
  delete (window as { crmInsights?: unknown }).crmInsights;
});

describe('React bindings', () => {
  it('render flags and variations, re-render on overrides and config changes, and convert with the variation', async () => {
    const { client, tracked } = bindableClient();
    root = createRoot(container);
    act(() =>
      root!.render(
        <ExperimentProvider client={client}>
          <Page />
        </ExperimentProvider>,
      ),
    );
    const hashed = client.getVariant('layout')!;
    expect(q('variation')?.textContent).toBe(hashed);
    expect(q('badge')).not.toBeNull();
    expect(q('compact') !== null).toBe(hashed === 'B');

    const other = hashed === 'B' ? 'control' : 'B';
    await act(() => client.flags.applyOverrides({ experiments: { layout: other }, flags: { 'deal-badge': false } }));
    expect(q('variation')?.textContent).toBe(other);
    expect(q('compact') !== null).toBe(other === 'B');
    expect(q('badge')).toBeNull();
    expect(q('no-badge')).not.toBeNull();
    expect(q('badge-value')?.textContent).toBe('false');

    act(() => (container.querySelectorAll('button')[0] as HTMLButtonElement).click());
    act(() => (container.querySelectorAll('button')[1] as HTMLButtonElement).click());
    expect(tracked).toEqual([
      { name: 'Deal Won', props: { value: 5, $experiment: 'layout', $variation: other } },
      { name: 'Clicked' },
    ]);
  });

  it('without a client prop, reads fallbacks until the script tag announces window.crmInsights', () => {
    const { client } = bindableClient();
    root = createRoot(container);
    act(() =>
      root!.render(
        <ExperimentProvider>
          <Page />
        </ExperimentProvider>,
      ),
    );
    expect(q('variation')?.textContent).toBe('');
    expect(q('badge-value')?.textContent).toBe('false');
    act(() => {
      (window as { crmInsights?: unknown }).crmInsights = client;
      window.dispatchEvent(new Event('crm-insights:ready'));
    });
    expect(q('variation')?.textContent).toBe(client.getVariant('layout'));
    expect(q('badge-value')?.textContent).toBe('true');
  });
});
