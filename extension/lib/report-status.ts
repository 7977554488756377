import { apiBase } from './api-client.ts';
import type { MyReport } from './messages.ts';

/** Where the dashboard shows a report. */
export function reportLink(endpoint: string, id: string): string {
  return `${apiBase(endpoint).replace(/\/api$/, '')}/dashboard/feedback/bugs/${encodeURIComponent(id)}`;
}

/** A webhook delivery attempt as `GET /api/bug-reports/:id` lists it. */
export interface Delivery {
  attempt: number;
  ok: boolean;
  status?: number;
  error?: string;
}

/** A report's status from what the API stored: routed where, and whether its webhook delivery went through. */
export function reportStatus(
  report: { category?: string; webhook?: string },
  deliveries: readonly Delivery[],
): Pick<MyReport, 'status' | 'detail' | 'category'> {
  const category = report.category;
  if (!report.webhook)
    return {
      status: 'stored',
      detail: `stored${category ? `, category ${category}` : ''}; no webhook routes it`,
      category,
    };
  const last = deliveries.at(-1);
  if (deliveries.some((attempt) => attempt.ok))
    return { status: 'delivered', detail: `delivered to the ${category ?? ''} webhook`.replace('  ', ' '), category };
  if (last && last.status !== undefined && last.status >= 400 && last.status < 500 && last.status !== 429)
    return { status: 'failed', detail: `the webhook refused it (HTTP ${last.status})`, category };
  return {
    status: 'delivering',
    detail: last
      ? `delivery attempt ${last.attempt} failed (${last.error ?? `HTTP ${last.status}`}); retrying`
      : 'delivery pending',
    category,
  };
}
