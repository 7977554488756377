/** A horizontal bar for a share from 0 to 1; the width is set through the CSSOM, which the strict CSP allows. */
export function Bar({
  share,
  tone = 'blue',
  label,
}: {
  share: number;
  tone?: 'blue' | 'good' | 'warn' | 'poor';
  label: string;
}) {
  const percent = Math.max(0, Math.min(1, share)) * 100;
  return (
    <div class="bar" role="img" aria-label={label} data-value={share}>
      <div class={`bar-fill ${tone}`} style={{ width: `${percent}%` }} />
    </div>
  );
}

/** Good / needs-improvement / poor shares as one stacked bar. */
export function RatingStack({
  good,
  needsImprovement,
  poor,
}: {
  good: number;
  needsImprovement: number;
  poor: number;
}) {
  const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;
  return (
    <div
      class="stack"
      role="img"
      aria-label={`good ${pct(good)}, needs improvement ${pct(needsImprovement)}, poor ${pct(poor)}`}
    >
      <div class="bar-fill good" style={{ width: pct(good) }} />
      <div class="bar-fill warn" style={{ width: pct(needsImprovement) }} />
      <div class="bar-fill poor" style={{ width: pct(poor) }} />
    </div>
  );
}
