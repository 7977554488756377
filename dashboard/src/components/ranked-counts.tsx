import { Bar } from './bar.tsx';
import { formatCount } from './format.ts';
import { TableHead } from './table-head.tsx';

/** Labels with a count, largest first, each with a bar relative to the largest (top pages, long-frame scripts). */
export function RankedCounts({
  counts,
  label,
  unit,
  limit = 15,
}: {
  counts: Map<string, number>;
  label: string;
  unit: string;
  limit?: number;
}) {
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
  const most = rows[0]?.[1] ?? 1;
  return (
    <table class="data">
      <caption class="sr-only">{`${label} by ${unit}`}</caption>
      <TableHead columns={[label, unit.charAt(0).toUpperCase() + unit.slice(1), '']} />
      <tbody>
        {rows.map(([name, count]) => (
          <tr key={name} data-label={name}>
            <td class="wrap">{name}</td>
            <td data-figure="count">{formatCount(count)}</td>
            <td class="bar-cell">
              <Bar share={count / most} label={`${count} ${unit}`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
