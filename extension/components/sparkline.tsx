/** A tiny line of a series' values (oldest to newest), scaled to its own range; one point draws a dot. */
export function Sparkline({
  values,
  color,
  width = 72,
  height = 20,
}: {
  values: number[];
  color: string;
  width?: number;
  height?: number;
}) {
  if (!values.length) return null;
  const min = Math.min(...values);
  const span = Math.max(...values) - min || 1;
  const x = (index: number) => (values.length === 1 ? width / 2 : (index / (values.length - 1)) * (width - 4) + 2);
  const y = (value: number) => height - 2 - ((value - min) / span) * (height - 4);
  const points = values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  return (
    <svg
      class="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${values.length} update(s)`}
    >
      {values.length > 1 ? <polyline points={points} fill="none" stroke={color} stroke-width="1.5" /> : null}
      <circle cx={x(values.length - 1)} cy={y(values.at(-1)!)} r="2" fill={color} />
    </svg>
  );
}
