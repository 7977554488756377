import { Hono } from 'hono';
import {
  BUG_REPORT_LOGS_MAX_BYTES,
  BUG_REPORT_MAX_BYTES,
  BUG_REPORT_PUBLIC_MAX_BYTES,
  BUG_REPORT_REPLAY_MAX_BYTES,
  BUG_REPORT_STATUSES,
  BugReportSchema,
  BugReportStatusChangeSchema,
  BugRoutingRulesSchema,
  validateWith,
} from '../../../shared/protocol.ts';
import type { BugReportCreated, BugReportInput } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { routeBugReport } from '../feedback/bug-routing.ts';
import { feedbackRepository, requireCaller, requireIdentifiedCaller } from '../feedback/feedback-context.ts';
import type { FeedbackRouteOptions } from '../feedback/feedback-context.ts';
import type { StoredBugReport } from '../feedback/feedback-repository.ts';
import { requireStorageQuota } from '../feedback/storage-quota.ts';
import { BUG_REPORT_DELIVERY, deliverBugReport, webhookAttempt } from '../feedback/webhook-delivery.ts';
import { HttpError } from '../http-errors.ts';
import { parseAllowList } from '../outbound/address-policy.ts';
import { maxAttempts } from '../outbound/deliver.ts';
import { createDeliveryLog } from '../outbound/delivery-log.ts';
import { literalRefusal } from '../outbound/destination.ts';
import { createOutboundClient } from '../outbound/outbound-client.ts';
import { queryChoice, queryInteger, queryText, queryTime } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';

/**
 * Bug reports: `POST /bug-reports` (write key from the widget, a staff token or the read key from the extension)
 * stores the report, routes it by the saved rules and delivers its summary to the rule's webhook in the
 * background, retrying and logging every attempt. Reads (read key or staff token): `GET /bug-reports`
 * (`?reporter=&status=&before=&limit=`), `GET /bug-reports/:id` (with its deliveries and triage),
 * `GET|PUT /bug-reports/routing-rules`. Triage (staff only): `PATCH /bug-reports/:id` `{ status }`.
 */
export function bugReportRoutes(options: FeedbackRouteOptions): Hono {
  const routes = new Hono();
  const now = options.now ?? Date.now;
  const repository = feedbackRepository(options);
  const deliveryLog = createDeliveryLog(options.storage.db);
  const policy = options.outboundPolicy ?? { allow: [] };
  const allow = parseAllowList(policy.allow);
  const client = options.outboundClient ?? createOutboundClient(policy);
  // Reports whose delivery this process owns. Claimed before the report is stored, so the resume scan below,
  // which runs concurrently with the first requests, can never start a second delivery of a new report.
  const claimed = new Set<string>();
  const deliver = (report: StoredBugReport, firstAttempt = 1) =>
    void deliverBugReport(client, deliveryLog, report, { now, ...options.webhook, firstAttempt })
      .catch((error: unknown) =>
        console.error(`[crm-insights] webhook delivery of bug report ${report.id} failed`, error),
      )
      .finally(() => claimed.delete(report.id));

  // Deliveries a restart cut short carry on after the attempts already logged. (With several servers on one
  // database each would resume them: receivers should treat the report id as the idempotency key.)
  void (async () => {
    for (const pending of await repository.unfinishedDeliveries()) {
      if (pending.attempts >= maxAttempts(options.webhook) || claimed.has(pending.id)) continue;
      claimed.add(pending.id);
      const report = await repository.getBugReport(pending.id);
      if (report?.webhook) deliver(report, pending.attempts + 1);
    }
  })().catch((error: unknown) => console.error('[crm-insights] could not resume webhook deliveries', error));

  routes.post('/bug-reports', async (context) => {
    const caller = requireIdentifiedCaller(context, options, ['write', 'read', 'staff']);
    // rrweb's DOM snapshots nest two levels per element, so a replay needs more depth than other bodies.
    const maxBytes = caller.kind === 'write' ? BUG_REPORT_PUBLIC_MAX_BYTES : BUG_REPORT_MAX_BYTES;
    const parsed = validateWith(
      BugReportSchema,
      await readJsonBody(context, { maxBytes, maxDepth: 512, maxEntries: 25_000 }),
    );
    if (!parsed.ok) throw new HttpError(400, `invalid bug report: ${parsed.message}`);
    requireAttachmentsWithinLimits(parsed.value);
    // Only staff credentials may claim to be the extension; a page holding the public key is always "widget".
    const source = caller.kind === 'write' ? 'widget' : parsed.value.source;
    // Likewise only staff credentials file under a reporter: the id the extension sends, else who signed in.
    const reporterId =
      caller.kind === 'write' ? undefined : (parsed.value.reporterId ?? ('actor' in caller ? caller.actor : undefined));
    const id = parsed.value.id ?? uuidv7(now());
    const existing = await repository.getBugReport(id);
    // A webhook URL is often its own secret (Slack's are): only the read key and staff see where a report went.
    const shown = (webhook: string | undefined) => (webhook && caller.kind !== 'write' ? { webhook } : {});
    if (existing)
      return context.json({ id, category: existing.category, ...shown(existing.webhook) } satisfies BugReportCreated);

    const route = routeBugReport(await repository.getRoutingRules(), {
      description: parsed.value.description,
      severity: parsed.value.severity,
      path: parsed.value.page?.path,
    });
    const { reporterId: _claimed, ...input } = parsed.value;
    const report: StoredBugReport = {
      ...input,
      id,
      source,
      ...(reporterId ? { reporterId } : {}),
      createdAt: now(),
      category: route.category,
      ...(route.webhook ? { webhook: route.webhook } : {}),
      ...(route.rule ? { rule: route.rule } : {}),
    };
    if (caller.kind === 'write')
      await requireStorageQuota(
        options.storage.db,
        'bugReports',
        JSON.stringify(report).length,
        now(),
        options.storageQuotas,
      );
    claimed.add(id);
    if (!(await repository.addBugReport(report))) {
      claimed.delete(id);
      return context.json({ id, category: route.category } satisfies BugReportCreated);
    }
    // Answer now; the receiver may be slow or down, and retries take minutes.
    if (route.webhook) deliver(report);
    return context.json({ id, category: route.category, ...shown(route.webhook) } satisfies BugReportCreated, 201);
  });

  routes.get('/bug-reports', async (context) => {
    requireCaller(context, options, ['read', 'staff']);
    const query = context.req.query();
    return context.json({
      reports: await repository.listBugReports({
        limit: queryInteger(query.limit, 'limit', 50, 1, 500),
        before: queryTime(query.before, 'before'),
        reporterId: queryText(query.reporter, 'reporter'),
        status: queryChoice(query.status, 'status', BUG_REPORT_STATUSES),
      }),
    });
  });

  routes.get('/bug-reports/routing-rules', async (context) => {
    requireCaller(context, options, ['read', 'staff']);
    return context.json({ rules: await repository.getRoutingRules() });
  });

  routes.put('/bug-reports/routing-rules', async (context) => {
    requireCaller(context, options, ['read', 'staff']);
    const parsed = validateWith(BugRoutingRulesSchema, await readJsonBody(context, 256 * 1024));
    if (!parsed.ok) throw new HttpError(400, `invalid routing rules: ${parsed.message}`);
    // Checked again when each call is made (a name can resolve elsewhere later); this catches the obvious at once.
    for (const [index, rule] of parsed.value.rules.entries()) {
      const refusal = rule.webhook === undefined ? undefined : literalRefusal(new URL(rule.webhook), allow);
      if (refusal)
        throw new HttpError(
          400,
          `invalid routing rules: rules[${index}].webhook: ${refusal}; the server does not call internal addresses unless INSIGHTS_OUTBOUND_ALLOW lists them`,
        );
    }
    await repository.setRoutingRules(parsed.value.rules, now());
    return context.json({ rules: parsed.value.rules });
  });

  routes.get('/bug-reports/:id', async (context) => {
    requireCaller(context, options, ['read', 'staff']);
    const id = context.req.param('id');
    const report = await repository.getBugReport(id);
    if (!report) throw new HttpError(404, `no bug report ${id}`);
    return context.json({
      report,
      deliveries: (await deliveryLog.attempts(BUG_REPORT_DELIVERY, id)).map(webhookAttempt),
    });
  });

  routes.patch('/bug-reports/:id', async (context) => {
    const caller = requireIdentifiedCaller(context, options, ['staff']);
    const parsed = validateWith(BugReportStatusChangeSchema, await readJsonBody(context, 1024));
    if (!parsed.ok) throw new HttpError(400, `invalid status change: ${parsed.message}`);
    const id = context.req.param('id');
    const by = 'actor' in caller ? caller.actor : 'staff';
    const triage = await repository.setBugReportStatus(id, parsed.value.status, by, now());
    if (!triage) throw new HttpError(404, `no bug report ${id}`);
    return context.json({ id, ...triage });
  });

  return routes;
}

/** Answers 413 naming the attachment when a report's replay or its logs together are over their limits. */
function requireAttachmentsWithinLimits(report: BugReportInput): void {
  const replayBytes = report.replay ? JSON.stringify(report.replay).length : 0;
  if (replayBytes > BUG_REPORT_REPLAY_MAX_BYTES)
    throw new HttpError(413, `replay is ${replayBytes} bytes; the limit is ${BUG_REPORT_REPLAY_MAX_BYTES}`);
  const logsBytes = JSON.stringify([
    report.errors ?? [],
    report.failedRequests ?? [],
    report.breadcrumbs ?? [],
    report.vitals ?? [],
  ]).length;
  if (logsBytes > BUG_REPORT_LOGS_MAX_BYTES)
    throw new HttpError(
      413,
      `logs (errors, failedRequests, breadcrumbs, vitals) are ${logsBytes} bytes together; the limit is ${BUG_REPORT_LOGS_MAX_BYTES}`,
    );
}
