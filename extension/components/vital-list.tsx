import type { LiveEvent } from '../../shared/bridge.ts';
import { formatVital } from '../lib/live-events.ts';
import { Sparkline } from './sparkline.tsx';

/** web-vitals' rating colours (good, needs improvement, poor). */
const RATING_COLOR: Record<string, string> = { good: '#0c7d4f', 'needs-improvement': '#b26b00', poor: '#c62828' };

/** One vital: its latest value in its rating's colour and a sparkline of its updates; a click shows its attribution. */
function VitalCard({
  name,
  updates,
  open,
  toggle,
}: {
  name: string;
  updates: LiveEvent[];
  open: boolean;
  toggle: () => void;
}) {
  const latest = updates.at(-1)!;
  const rating = String(latest.props?.rating ?? '');
  const color = RATING_COLOR[rating] ?? '#4a5568';
  return (
    <li class={open ? 'vital open' : 'vital'} data-testid={`vital-${name}`}>
      <button type="button" class="vital-line" aria-expanded={open} onClick={toggle}>
        <span class="vital-name">{name}</span>
        <strong style={{ color }}>{formatVital(name, Number(latest.props?.value))}</strong>
        <span class="vital-rating" style={{ color }}>
          {rating || 'unrated'}
        </span>
        <Sparkline values={updates.map((update) => Number(update.props?.value) || 0)} color={color} />
      </button>
      {open ? <pre class="json">{JSON.stringify(latest.props?.attribution ?? latest.props ?? {}, null, 2)}</pre> : null}
    </li>
  );
}

/** Each vital reported on the page, or a note that none has been yet; `open` is the open row's key. */
export function VitalList({
  vitals,
  open,
  toggle,
}: {
  vitals: Map<string, LiveEvent[]>;
  open: string | undefined;
  toggle: (key: string) => void;
}) {
  if (!vitals.size) return <p class="muted">No vitals reported on this page yet.</p>;
  return (
    <ul class="vitals" data-testid="live-vitals">
      {[...vitals].map(([name, updates]) => (
        <VitalCard
          key={name}
          name={name}
          updates={updates}
          open={open === `vital:${name}`}
          toggle={() => toggle(`vital:${name}`)}
        />
      ))}
    </ul>
  );
}
