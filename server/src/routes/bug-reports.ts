import { Hono } from 'hono';
import type { Context, Env } from 'hono';
import {
  BUG_REPORT_STATUSES,
  BugReportStatusChangeSchema,
  BugRoutingRulesSchema,
  validateWith,
} from '../../../shared/protocol.ts';
import type { BugReportCreated, BugReportInput } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import type { BugReportDeliveries } from '../feedback/bug-report-deliveries.ts';
import { routeBugReport } from '../feedback/bug-routing.ts';
import type { BugRoute } from '../feedback/bug-routing.ts';
import { feedbackRepository, requireCaller, requireIdentifiedCaller } from '../feedback/feedback-context.ts';
import type { FeedbackRouteOptions } from '../feedback/feedback-context.ts';
import type { FeedbackRepository, StoredBugReport } from '../feedback/feedback-repository.ts';
import { requireStorageQuota } from '../feedback/storage-quota.ts';
import { BUG_REPORT_DELIVERY, webhookAttempt } from '../feedback/webhook-delivery.ts';
import type { FlagCaller } from '../flags/flags-context.ts';
import { HttpError } from '../http-errors.ts';
import { parseAllowList } from '../outbound/address-policy.ts';
import type { AllowList } from '../outbound/address-policy.ts';
import { createDeliveryLog } from '../outbound/delivery-log.ts';
import type { DeliveryLog } from '../outbound/delivery-log.ts';
import { literalRefusal } from '../outbound/destination.ts';
import { queryChoice, queryInteger, queryText, queryTime } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';
import { parseBugReport } from './bug-report-input.ts';

/** The feedback routes' options, with the process's webhook deliveries (made by `createApp`). */
export interface BugReportRouteOptions extends FeedbackRouteOptions {
  deliveries: BugReportDeliveries;
}

/** What the bug-report handlers share, made once per route factory. */
interface BugReportRouteParts {
  options: FeedbackRouteOptions;
  now: () => number;
  repository: FeedbackRepository;
  deliveryLog: DeliveryLog;
  deliveries: BugReportDeliveries;
  /** The operator's outbound allow-list, which routing rules' webhooks are checked against. */
  allow: AllowList;
}

/**
 * Bug reports: `POST /bug-reports` (write key from the widget, a staff token or the read key from the extension)
 * stores the report, routes it by the saved rules and delivers its summary to the rule's webhook in the
 * background, retrying and logging every attempt. Reads (read key or staff token): `GET /bug-reports`
 * (`?reporter=&status=&before=&limit=`), `GET /bug-reports/:id` (with its deliveries and triage),
 * `GET|PUT /bug-reports/routing-rules`. Triage (staff only): `PATCH /bug-reports/:id` `{ status }`.
 */
export function bugReportRoutes(options: BugReportRouteOptions): Hono {
  const routes = new Hono();
  const now = options.now ?? Date.now;
  const repository = feedbackRepository(options);
  const deliveryLog = createDeliveryLog(options.storage.db);
  const allow = parseAllowList((options.outboundPolicy ?? { allow: [] }).allow);
  const { deliveries } = options;
  // Deliveries a restart cut short carry on after the attempts already logged, unless another process on the
  // database holds them (see BugReportDeliveries).
  void deliveries
    .resume()
    .catch((error: unknown) => console.error('[crm-insights] could not resume webhook deliveries', error));
  const parts: BugReportRouteParts = { options, now, repository, deliveryLog, deliveries, allow };

  routes.post('/bug-reports', (context) => fileBugReport(context, parts));
  routes.get('/bug-reports', (context) => listBugReports(context, parts));
  routes.get('/bug-reports/routing-rules', (context) => getRoutingRules(context, parts));
  routes.put('/bug-reports/routing-rules', (context) => putRoutingRules(context, parts));
  routes.get('/bug-reports/:id', (context) => getBugReport(context, parts));
  routes.patch('/bug-reports/:id', (context) => changeBugReportStatus(context, parts));
  return routes;
}

/** `POST /bug-reports`: stores a new report (an id already stored answers what it was filed as) and starts its delivery. */
async function fileBugReport(context: Context, parts: BugReportRouteParts): Promise<Response> {
  const { options, now, repository, deliveries } = parts;
  const caller = requireIdentifiedCaller(context, options, ['write', 'read', 'staff']);
  const input = await parseBugReport(context, caller.kind);
  const id = input.id ?? uuidv7(now());
  const existing = await repository.getBugReport(id);
  // A webhook URL is often its own secret (Slack's are): only the read key and staff see where a report went.
  const shown = (webhook: string | undefined) => (webhook && caller.kind !== 'write' ? { webhook } : {});
  if (existing)
    return context.json({ id, category: existing.category, ...shown(existing.webhook) } satisfies BugReportCreated);

  const route = routeBugReport(await repository.getRoutingRules(), {
    description: input.description,
    severity: input.severity,
    path: input.page?.path,
  });
  const report = storedBugReport(input, caller, id, route, now());
  if (caller.kind === 'write')
    await requireStorageQuota(
      options.storage.db,
      'bugReports',
      JSON.stringify(report).length,
      now(),
      options.storageQuotas,
    );
  // Claimed before it is stored, so no process resuming unfinished deliveries can start this one too. A claim
  // another process holds (the same id filed there at once) leaves the delivery to whoever resumes it next.
  const claimed = route.webhook !== undefined && (await deliveries.claim(id));
  if (!(await repository.addBugReport(report))) {
    if (claimed) await deliveries.release(id);
    return context.json({ id, category: route.category } satisfies BugReportCreated);
  }
  // Answer now; the receiver may be slow or down, and retries take minutes.
  if (claimed) deliveries.deliver(report);
  return context.json({ id, category: route.category, ...shown(route.webhook) } satisfies BugReportCreated, 201);
}

/** The report as stored: its source and reporter as far as the credential may claim them, and its route. */
function storedBugReport(
  input: BugReportInput,
  caller: FlagCaller,
  id: string,
  route: BugRoute,
  createdAt: number,
): StoredBugReport {
  // Only staff credentials may claim to be the extension; a page holding the public key is always "widget".
  const source = caller.kind === 'write' ? 'widget' : input.source;
  // Likewise only staff credentials file under a reporter: the id the extension sends, else who signed in.
  const reporterId =
    caller.kind === 'write' ? undefined : (input.reporterId ?? ('actor' in caller ? caller.actor : undefined));
  const { reporterId: _claimed, ...fields } = input;
  return {
    ...fields,
    id,
    source,
    ...(reporterId ? { reporterId } : {}),
    createdAt,
    category: route.category,
    ...(route.webhook ? { webhook: route.webhook } : {}),
    ...(route.rule ? { rule: route.rule } : {}),
  };
}

/** `GET /bug-reports`: the newest reports first, filtered by reporter and status. */
async function listBugReports(context: Context, { options, repository }: BugReportRouteParts): Promise<Response> {
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
}

/** `GET /bug-reports/routing-rules`: the saved rules. */
async function getRoutingRules(context: Context, { options, repository }: BugReportRouteParts): Promise<Response> {
  requireCaller(context, options, ['read', 'staff']);
  return context.json({ rules: await repository.getRoutingRules() });
}

/** `PUT /bug-reports/routing-rules`: replaces the rules, refusing webhooks at internal addresses the allow-list lacks. */
async function putRoutingRules(context: Context, parts: BugReportRouteParts): Promise<Response> {
  const { options, now, repository, allow } = parts;
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
}

/** `GET /bug-reports/:id`: the report with its webhook delivery attempts. */
async function getBugReport(context: Context<Env, '/bug-reports/:id'>, parts: BugReportRouteParts): Promise<Response> {
  const { options, repository, deliveryLog } = parts;
  requireCaller(context, options, ['read', 'staff']);
  const id = context.req.param('id');
  const report = await repository.getBugReport(id);
  if (!report) throw new HttpError(404, `no bug report ${id}`);
  return context.json({
    report,
    deliveries: (await deliveryLog.attempts(BUG_REPORT_DELIVERY, id)).map(webhookAttempt),
  });
}

/** `PATCH /bug-reports/:id` (staff): sets the report's triage status, recording who. */
async function changeBugReportStatus(
  context: Context<Env, '/bug-reports/:id'>,
  { options, now, repository }: BugReportRouteParts,
): Promise<Response> {
  const caller = requireIdentifiedCaller(context, options, ['staff']);
  const parsed = validateWith(BugReportStatusChangeSchema, await readJsonBody(context, 1024));
  if (!parsed.ok) throw new HttpError(400, `invalid status change: ${parsed.message}`);
  const id = context.req.param('id');
  const by = 'actor' in caller ? caller.actor : 'staff';
  const triage = await repository.setBugReportStatus(id, parsed.value.status, by, now());
  if (!triage) throw new HttpError(404, `no bug report ${id}`);
  return context.json({ id, ...triage });
}
