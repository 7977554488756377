/** One row of a forest plot: an estimate and its confidence interval. */
export interface ForestRow {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * A forest plot in SVG: each row's estimate as a dot and its 95% CI as a line, against a zero line, on one
 * shared scale (values are in percentage points or percent, as `unit` says).
 */
export function ForestPlot({ rows, unit, title }: { rows: ForestRow[]; unit: string; title: string }) {
  const finite = rows.filter((row) => [row.estimate, row.lower, row.upper].every(Number.isFinite));
  const extent = Math.max(0.5, ...finite.flatMap((row) => [Math.abs(row.lower), Math.abs(row.upper)])) * 1.15;
  const width = 560;
  const rowHeight = 34;
  const left = 150;
  const plot = width - left - 20;
  const x = (value: number) => left + ((value + extent) / (2 * extent)) * plot;
  const height = rowHeight * rows.length + 30;
  return (
    <svg
      class="forest"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${title}: ${rows.map((row) => `${row.label} ${row.estimate.toFixed(2)}${unit} (95% CI ${row.lower.toFixed(2)} to ${row.upper.toFixed(2)})`).join('; ')}`}
    >
      <line x1={x(0)} x2={x(0)} y1={0} y2={height - 22} class="zero" />
      {rows.map((row, index) => {
        const y = rowHeight * index + rowHeight / 2;
        const drawable = finite.includes(row);
        return (
          <g
            key={row.label}
            class="forest-row"
            data-estimate={row.estimate}
            data-lower={row.lower}
            data-upper={row.upper}
          >
            <text x={0} y={y + 4} class="forest-label">
              {row.label}
            </text>
            {drawable ? (
              <>
                <line
                  x1={x(row.lower)}
                  x2={x(row.upper)}
                  y1={y}
                  y2={y}
                  class={row.lower > 0 ? 'ci win' : row.upper < 0 ? 'ci loss' : 'ci'}
                />
                <circle cx={x(row.estimate)} cy={y} r={5} class="estimate" />
              </>
            ) : (
              <text x={x(0) + 6} y={y + 4} class="muted-text">
                not enough data
              </text>
            )}
          </g>
        );
      })}
      <text x={x(-extent)} y={height - 6} class="axis-text">
        {(-extent).toFixed(1)}
        {unit}
      </text>
      <text x={x(0)} y={height - 6} class="axis-text" text-anchor="middle">
        0
      </text>
      <text x={x(extent)} y={height - 6} class="axis-text" text-anchor="end">
        +{extent.toFixed(1)}
        {unit}
      </text>
    </svg>
  );
}
