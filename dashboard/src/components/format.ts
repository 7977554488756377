/** A count with thousands separators. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/**
 * A money amount with thousands separators and at most two decimals, or `–` when there is none: a total of valid
 * amounts (each up to 1e308) can overflow to Infinity, which the API's JSON carries as null.
 */
export function formatAmount(value: number | null): string {
  return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '–';
}

/** A share from 0 to 1 as a percentage with one decimal. */
export function formatPercent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '–' : `${(share * 100).toFixed(1)}%`;
}

/** A time as a short UTC date and time. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A vital's value in its unit: CLS is unitless, the others milliseconds. */
export function formatVital(metric: string, value: number): string {
  return metric === 'CLS' ? value.toFixed(3) : `${Math.round(value).toLocaleString('en-US')} ms`;
}

/** A p-value, small ones in scientific notation. */
export function formatP(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
}
