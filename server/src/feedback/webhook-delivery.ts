import { deliver } from '../outbound/deliver.ts';
import type { DeliveryAttempt, DeliveryOptions } from '../outbound/deliver.ts';
import type { DeliveryLog } from '../outbound/delivery-log.ts';
import type { OutboundClient } from '../outbound/outbound-client.ts';
import { escapeMrkdwn } from '../outbound/slack-mrkdwn.ts';
import type { StoredBugReport } from './feedback-repository.ts';

/** The delivery log's kind for bug-report webhooks. */
export const BUG_REPORT_DELIVERY = 'bug-report';

/** One webhook attempt for a report, as `GET /bug-reports/:id` shows it. */
export interface WebhookAttempt {
  reportId: string;
  webhook: string;
  attempt: number;
  at: number;
  ok: boolean;
  status?: number;
  error?: string;
}

/** A delivery-log row in the shape the bug-report API has always answered with. */
export function webhookAttempt(attempt: DeliveryAttempt): WebhookAttempt {
  const { kind: _kind, subjectId, url, ...rest } = attempt;
  return { reportId: subjectId, webhook: url, ...rest };
}

/**
 * What a webhook receives: the report without its large attachments, which are counted and linked instead.
 * Every string a user typed or a page supplied is escaped for Slack's mrkdwn, and `text` is a ready summary, so
 * the body can go straight to a Slack incoming webhook and a report cannot ping `@channel` or disguise a link.
 * The API (`link`) has the report as it was sent.
 */
function bugReportWebhookPayload(report: StoredBugReport) {
  const text = (value: string | undefined) => (value === undefined ? undefined : escapeMrkdwn(value));
  const page = report.page && {
    url: escapeMrkdwn(report.page.url),
    path: escapeMrkdwn(report.page.path),
    title: text(report.page.title),
    referrer: text(report.page.referrer),
  };
  return {
    text: `*[${report.severity}] ${escapeMrkdwn(report.category)}*: ${escapeMrkdwn(report.description)}${report.page?.path ? ` (on ${escapeMrkdwn(report.page.path)})` : ''}`,
    id: report.id,
    category: text(report.category),
    ...(report.rule ? { rule: text(report.rule) } : {}),
    severity: report.severity,
    source: report.source,
    description: escapeMrkdwn(report.description),
    createdAt: report.createdAt,
    page,
    userId: text(report.userId),
    sessionId: text(report.sessionId),
    attachments: {
      screenshot: report.screenshot !== undefined,
      replayEvents: report.replay?.length ?? 0,
      errors: report.errors?.length ?? 0,
      failedRequests: report.failedRequests?.length ?? 0,
      breadcrumbs: report.breadcrumbs?.length ?? 0,
      missing: report.missing?.map((part) => part.part) ?? [],
    },
    link: `/api/bug-reports/${encodeURIComponent(report.id)}`,
  };
}

/** Delivers a stored report's payload to its webhook through the outbound client, logging every attempt. */
export function deliverBugReport(
  client: OutboundClient,
  log: DeliveryLog,
  report: StoredBugReport,
  options: DeliveryOptions = {},
): Promise<DeliveryAttempt | undefined> {
  const target = { kind: BUG_REPORT_DELIVERY, subjectId: report.id, url: report.webhook! };
  const headers = { 'Content-Type': 'application/json', 'User-Agent': 'crm-insights-webhook' };
  return deliver(
    client,
    target,
    JSON.stringify(bugReportWebhookPayload(report)),
    headers,
    (attempt) => log.record(attempt),
    options,
  );
}
