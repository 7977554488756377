/** @jsxImportSource react */
import { STAGES } from '../data.ts';
import type { Deal } from '../data.ts';
import { FeatureGate, useABTest } from '../experiments.ts';
import { insights } from '../insights.ts';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** Moves a deal one stage forward (1) or back (-1). */
type MoveDeal = (deal: Deal, step: 1 | -1) => void;

/** The deals pipeline board: one column per stage, deals move forward or back. */
export function PipelinePage({ deals, onChange }: { deals: Deal[]; onChange: (deals: Deal[]) => void }) {
  // The `pipeline-layout` experiment: classic columns (control) against compact cards with stage totals (B).
  const layout = useABTest('pipeline-layout');
  const compact = layout.variation === 'B';
  const move: MoveDeal = (deal, step) => {
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
        {STAGES.map((stage) => (
          <StageColumn
            key={stage}
            stage={stage}
            deals={deals.filter((deal) => deal.stage === stage)}
            compact={compact}
            onMove={move}
          />
        ))}
      </div>
    </section>
  );
}

/** One stage's column: its total value (and its deal count in the compact layout) over its deals' cards. */
function StageColumn({
  stage,
  deals,
  compact,
  onMove,
}: {
  stage: Deal['stage'];
  deals: Deal[];
  compact: boolean;
  onMove: MoveDeal;
}) {
  return (
    <div className="column" role="group" aria-label={`${stage} deals`}>
      <h2>
        {stage} <span className="muted">{money.format(deals.reduce((sum, deal) => sum + deal.value, 0))}</span>
        {compact ? <span className="count"> · {deals.length}</span> : null}
      </h2>
      {deals.map((deal) => (
        <DealCard key={deal.id} deal={deal} onMove={onMove} />
      ))}
    </div>
  );
}

/** A deal's card: its title, its value (a badge where the `deal-value-badge` flag is on) and a move each way. */
function DealCard({ deal, onMove }: { deal: Deal; onMove: MoveDeal }) {
  return (
    <article className="deal">
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
          disabled={deal.stage === STAGES[0]}
          onClick={() => onMove(deal, -1)}
        >
          ←
        </button>
        <button
          type="button"
          aria-label={`Move ${deal.title} forward`}
          disabled={deal.stage === 'Won'}
          onClick={() => onMove(deal, 1)}
        >
          →
        </button>
      </div>
    </article>
  );
}
