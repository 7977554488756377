/** @jsxImportSource react */
import { STAGES } from '../data.ts';
import type { Deal } from '../data.ts';
import { FeatureGate, useABTest } from '../experiments.ts';
import { insights } from '../insights.ts';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** The deals pipeline board: one column per stage, deals move forward or back. */
export function PipelinePage({ deals, onChange }: { deals: Deal[]; onChange: (deals: Deal[]) => void }) {
  // The `pipeline-layout` experiment: classic columns (control) against compact cards with stage totals (B).
  const layout = useABTest('pipeline-layout');
  const compact = layout.variation === 'B';
  const move = (deal: Deal, step: 1 | -1) => {
    const stage = STAGES[STAGES.indexOf(deal.stage) + step];
    if (!stage) return;
    onChange(deals.map((d) => (d.id === deal.id ? { ...d, stage } : d)));
    insights().track('Deal Stage Changed', { deal_id: deal.id, from: deal.stage, to: stage, value: deal.value });
    if (stage === 'Won') {
      insights().track('Deal Won', { deal_id: deal.id, value: deal.value });
      insights().revenue(deal.value, 'USD', { deal_id: deal.id });
      layout.convert('Pipeline Deal Won', { value: deal.value });
    }
  };
  return (
    <section>
      <h1>Pipeline</h1>
      <p className="muted" data-testid="pipeline-layout" data-layout={layout.variation ?? 'control'}>
        Layout: {compact ? 'compact cards (experiment variation B)' : 'classic columns'}
      </p>
      <div className={compact ? 'board compact' : 'board'}>
        {STAGES.map((stage) => {
          const column = deals.filter((deal) => deal.stage === stage);
          return (
            <div className="column" key={stage} role="group" aria-label={`${stage} deals`}>
              <h2>
                {stage} <span className="muted">{money.format(column.reduce((sum, deal) => sum + deal.value, 0))}</span>
                {compact ? <span className="count"> · {column.length}</span> : null}
              </h2>
              {column.map((deal) => (
                <article className="deal" key={deal.id}>
                  <strong>{deal.title}</strong>
                  <FeatureGate flag="deal-value-badge" fallback={<span>{money.format(deal.value)}</span>}>
                    <span className="badge" data-testid="deal-value-badge">
                      {money.format(deal.value)}
                    </span>
                  </FeatureGate>
                  <div className="actions">
                    <button
                      type="button"
                      aria-label={`Move ${deal.title} back`}
                      disabled={stage === STAGES[0]}
                      onClick={() => move(deal, -1)}
                    >
                      ←
                    </button>
                    <button
                      type="button"
                      aria-label={`Move ${deal.title} forward`}
                      disabled={stage === 'Won'}
                      onClick={() => move(deal, 1)}
                    >
                      →
                    </button>
                  </div>
                </article>
              ))}
            </div>
          );
        })}
      </div>
    </section>
  );
}
