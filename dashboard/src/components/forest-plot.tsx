/** One row of a forest plot: an estimate and its confidence interval. */
export interface ForestRow {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
}

const WIDTH = 560;
const ROW_HEIGHT = 34;
/** Room for the row labels, left of the plot. */
const LEFT = 150;
const PLOT = WIDTH - LEFT - 20;

/** Where a value lies across the plot: the scale runs from -extent to +extent. */
type Scale = (value: number) => number;

/**
 * A forest plot in SVG: each row's estimate as a dot and its 95% CI as a line, against a zero line, on one
 * shared scale (values are in percentage points or percent, as `unit` says).
 */
export function ForestPlot({ rows, unit, title }: { rows: ForestRow[]; unit: string; title: string }) {
  const finite = rows.filter(isDrawable);
  const extent = Math.max(0.5, ...finite.flatMap((row) => [Math.abs(row.lower), Math.abs(row.upper)])) * 1.15;
  const x: Scale = (value) => LEFT + ((value + extent) / (2 * extent)) * PLOT;
  const height = ROW_HEIGHT * rows.length + 30;
  return (
    <svg class="forest" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={describeForest(title, rows, unit)}>
      <line x1={x(0)} x2={x(0)} y1={0} y2={height - 22} class="zero" />
      {rows.map((row, index) => (
        <ForestRowMarks
          key={row.label}
          row={row}
          y={ROW_HEIGHT * index + ROW_HEIGHT / 2}
          drawable={isDrawable(row)}
          x={x}
        />
      ))}
      <ForestAxis extent={extent} unit={unit} y={height - 6} x={x} />
    </svg>
  );
}

/** A row can be drawn once its estimate and both bounds are numbers; the read gives none for too little data. */
function isDrawable(row: ForestRow): boolean {
  return [row.estimate, row.lower, row.upper].every(Number.isFinite);
}

/** The plot in words, for screen readers: every row's estimate and interval. */
function describeForest(title: string, rows: ForestRow[], unit: string): string {
  return `${title}: ${rows.map((row) => `${row.label} ${row.estimate.toFixed(2)}${unit} (95% CI ${row.lower.toFixed(2)} to ${row.upper.toFixed(2)})`).join('; ')}`;
}

/** One row's label, and its CI as a line (a win above zero, a loss below) with the estimate as a dot. */
function ForestRowMarks({ row, y, drawable, x }: { row: ForestRow; y: number; drawable: boolean; x: Scale }) {
  return (
    <g class="forest-row" data-estimate={row.estimate} data-lower={row.lower} data-upper={row.upper}>
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
}

/** The scale under the rows: its two ends and zero. */
function ForestAxis({ extent, unit, y, x }: { extent: number; unit: string; y: number; x: Scale }) {
  return (
    <>
      <text x={x(-extent)} y={y} class="axis-text">
        {(-extent).toFixed(1)}
        {unit}
      </text>
      <text x={x(0)} y={y} class="axis-text" text-anchor="middle">
        0
      </text>
      <text x={x(extent)} y={y} class="axis-text" text-anchor="end">
        +{extent.toFixed(1)}
        {unit}
      </text>
    </>
  );
}
