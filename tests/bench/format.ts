/**
 * Plain-text formatting for the bench's tables: Markdown tables, so the printed output can be pasted into the
 * README as it is.
 */

/** A Markdown table with padded columns; a column of figures (`12.3 KB`, `1,234`, `–`) is right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(3, header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = headers.map(
    (_, column) =>
      rows.length > 0 && rows.every((row) => /^(?:[-+]?[\d.,]+(?: ?[^\s\d]+)?|[–-])$/.test(row[column] ?? '')),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (numeric[column] ? (cells[column] ?? '').padStart(width) : (cells[column] ?? '').padEnd(width))).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (numeric[column] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** Bytes as `812 B` or `12.3 KB` (1 KB = 1024 bytes, as the budgets count). */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  if (Math.abs(bytes) < 1024) return `${Math.round(bytes)} B`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** A difference in bytes with its sign, `+1.0 KB` or `-512 B`; `–` for a missing figure. */
export function formatSignedBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  return `${bytes >= 0 ? '+' : '-'}${formatBytes(Math.abs(bytes))}`;
}

/** A number with thousands separators and at most `digits` decimals; `–` for a missing figure. */
export function formatNumber(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Milliseconds as `1,234 ms`; `–` for a missing figure. */
export function formatMs(value: number | undefined): string {
  return value === undefined ? '–' : `${formatNumber(value)} ms`;
}

/** A difference in milliseconds with its sign, `+12 ms`; `–` for a missing figure. */
export function formatSignedMs(value: number | undefined): string {
  return value === undefined ? '–' : `${value >= 0 ? '+' : ''}${formatNumber(value)} ms`;
}

/** A ratio as `0.27×`; `–` when it could not be computed. */
export function formatRatio(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;
}

/** The first line of an error's message: what a skipped part, a failed page run or a failed build says. */
export function firstLineOfError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
