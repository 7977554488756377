/** @jsxImportSource react */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BINDINGS_CONFIG } from './bindings-fixture.ts';
import { flagSnapshot, reactBindings } from './react.ts';

const { ExperimentProvider, FeatureGate, useABTest, useFeatureFlag, useWebVitals } = reactBindings;

function Page() {
  const { variant } = useABTest('layout');
  const badge = useFeatureFlag('deal-badge');
  const vitals = useWebVitals();
  return (
    <main>
      <output>{variant}</output>
      <output>{String(badge)}</output>
      <output>{Object.keys(vitals).length}</output>
      <FeatureGate flag="deal-badge" fallback={<i>no badge</i>}>
        <b>badge</b>
      </FeatureGate>
    </main>
  );
}

describe('the React bindings on a server', () => {
  it('import and render without a window, answering from the server snapshot', () => {
    expect(typeof window).toBe('undefined');
    const snapshot = flagSnapshot(BINDINGS_CONFIG, { id: 'user-1' });
    const html = renderToString(
      <ExperimentProvider snapshot={snapshot}>
        <Page />
      </ExperimentProvider>,
    );
    expect(html).toBe(
      `<main><output>${snapshot.experiments.layout}</output><output>true</output><output>0</output><b>badge</b></main>`,
    );
  });

  it('render fallbacks without a snapshot', () => {
    expect(
      renderToString(
        <ExperimentProvider>
          <Page />
        </ExperimentProvider>,
      ),
    ).toBe('<main><output></output><output>false</output><output>0</output><i>no badge</i></main>');
  });
});
