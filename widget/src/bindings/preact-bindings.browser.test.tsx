import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { bindableClient } from './bindings-fixture.ts';
import { preactBindings } from './preact.ts';

const { ExperimentProvider, FeatureGate, ABTestVariant, useABTest } = preactBindings;

function Page() {
  const { variation, convert } = useABTest('layout');
  return (
    <div>
      <output data-testid="variation">{variation}</output>
      <FeatureGate flag="deal-badge">
        <span data-testid="badge" />
      </FeatureGate>
      <ABTestVariant experiment="layout" variation="B">
        <span data-testid="compact" />
      </ABTestVariant>
      <button type="button" onClick={() => convert()}>
        convert
      </button>
    </div>
  );
}

const container = document.createElement('div');
document.body.append(container);
const q = (id: string) => container.querySelector(`[data-testid="${id}"]`);
afterEach(() => render(null, container));

describe('Preact bindings', () => {
  it('render flags and variations, re-render on overrides, and convert with the variation', async () => {
    const { client, tracked } = bindableClient();
    act(() =>
      render(
        <ExperimentProvider client={client}>
          <Page />
        </ExperimentProvider>,
        container,
      ),
    );
    const hashed = client.getVariant('layout')!;
    expect(q('variation')?.textContent).toBe(hashed);
    expect(q('badge')).not.toBeNull();

    const other = hashed === 'B' ? 'control' : 'B';
    await act(async () => {
      await client.flags.applyOverrides({ experiments: { layout: other }, flags: { 'deal-badge': false } });
    });
    expect(q('variation')?.textContent).toBe(other);
    expect(q('compact') !== null).toBe(other === 'B');
    expect(q('badge')).toBeNull();

    act(() => (container.querySelector('button') as HTMLButtonElement).click());
    expect(tracked).toEqual([{ name: 'Experiment Converted', props: { $experiment: 'layout', $variation: other } }]);
  });
});
