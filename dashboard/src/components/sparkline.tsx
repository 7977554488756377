/**
 * A small inline SVG line of counts over evenly spaced buckets (an error group's hourly occurrences): cheaper than
 * a canvas chart per table row, and it needs no styles beyond the stylesheet's. `data-points` lets tests read it.
 */
export function Sparkline({
  values,
  label,
  width = 120,
  height = 24,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}) {
  const peak = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values
    .map((value, index) => `${(index * step).toFixed(1)},${(height - 1 - (value / peak) * (height - 2)).toFixed(1)}`)
    .join(' ');
  return (
    <svg
      class="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      data-points={values.filter((value) => value > 0).length}
    >
      <polyline points={points} />
    </svg>
  );
}
