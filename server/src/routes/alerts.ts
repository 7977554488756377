import { Hono } from 'hono';
import type { Context } from 'hono';
import { parseOr400 } from '../analytics/query-schemas.ts';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import type { Alerting } from '../alerts/alerting.ts';
import { AlertRuleSchema, ruleIdFrom } from '../alerts/alert-rule.ts';
import type { AlertRule } from '../alerts/alert-rule.ts';
import type { AlertRepository } from '../alerts/alert-repository.ts';
import { redactNotification, redactRule, restoreRedacted } from '../alerts/redact-channel.ts';
import { HttpError } from '../http-errors.ts';
import { parseAllowList } from '../outbound/address-policy.ts';
import type { AllowList } from '../outbound/address-policy.ts';
import { literalRefusal } from '../outbound/destination.ts';
import type { OutboundPolicy } from '../outbound/outbound-client.ts';
import { queryChoice, queryLimit, queryOrigin, queryText, queryTime } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';

interface AlertRoutesOptions extends ReadCredentials {
  alerting: Alerting;
  /** The operator's outbound allow-list, which channel URLs are checked against when a rule is saved. */
  outboundPolicy?: OutboundPolicy;
  now?: () => number;
}

/** What the alert routes share, resolved once: who may call, the alerting service, its repository and the clock. */
interface AlertRouteParts {
  keys: ReadCredentials;
  alerting: Alerting;
  repository: AlertRepository;
  allow: AllowList;
  now: () => number;
}

/**
 * Alert rules, incidents and notifications. Reads take the read key or a staff token (channel secrets are never
 * returned; a Slack URL, itself a secret, shows only its origin); changes and test notifications take a staff token.
 * A PUT may send channels back as reads showed them (they keep their stored URL and secret).
 * `GET /alerts/rules`, `POST /alerts/rules`, `PUT|DELETE /alerts/rules/:id`, `POST /alerts/rules/:id/test`,
 * `GET /alerts/incidents?status=open|resolved&rule=&origin=&since=&limit=` (`origin`: those concerning that site and
 * those of the whole service), `GET /alerts/notifications?rule=&limit=`.
 */
export function alertRoutes({ alerting, outboundPolicy, now = Date.now, ...keys }: AlertRoutesOptions): Hono {
  const routes = new Hono();
  const allow = parseAllowList(outboundPolicy?.allow ?? []);
  const parts: AlertRouteParts = { keys, alerting, repository: alerting.repository, allow, now };
  registerRuleRoutes(routes, parts);
  registerRuleTestRoute(routes, parts);
  registerHistoryRoutes(routes, parts);
  return routes;
}

/** `GET /alerts/rules`, `POST /alerts/rules` and `PUT|DELETE /alerts/rules/:id`: reading and changing the rules. */
function registerRuleRoutes(routes: Hono, { keys, repository, allow, now }: AlertRouteParts): void {
  routes.get('/alerts/rules', async (context) => {
    requireReader(context, keys);
    return context.json({ rules: (await repository.listRules()).map(redactRule) });
  });

  routes.post('/alerts/rules', async (context) => {
    requireStaff(context, keys);
    const rule = await readRule(context, now, allow);
    if (await repository.getRule(rule.id))
      throw new HttpError(
        409,
        `an alert rule "${rule.id}" exists already; PUT /api/alerts/rules/${rule.id} changes it`,
      );
    await repository.saveRule(rule);
    return context.json(redactRule(rule), 201);
  });

  routes.put('/alerts/rules/:id', async (context) => {
    requireStaff(context, keys);
    const id = context.req.param('id');
    const stored = await repository.getRule(id);
    if (!stored) throw new HttpError(404, `no alert rule "${id}"`);
    // Channels sent back as reads showed them keep their stored URL and secret.
    const rule = await readRule(context, now, allow, id, stored);
    await repository.saveRule(rule);
    if (!rule.enabled) await repository.closeIncidentsOf(id, now());
    return context.json(redactRule(rule));
  });

  routes.delete('/alerts/rules/:id', async (context) => {
    requireStaff(context, keys);
    const id = context.req.param('id');
    if (!(await repository.deleteRule(id))) throw new HttpError(404, `no alert rule "${id}"`);
    await repository.closeIncidentsOf(id, now());
    return context.body(null, 204);
  });
}

/** `POST /alerts/rules/:id/test`: one test notification queued on each of a rule's channels. */
function registerRuleTestRoute(routes: Hono, { keys, alerting, repository }: AlertRouteParts): void {
  routes.post('/alerts/rules/:id/test', async (context) => {
    requireStaff(context, keys);
    const id = context.req.param('id');
    const rule = await repository.getRule(id);
    if (!rule) throw new HttpError(404, `no alert rule "${id}"`);
    if (!rule.channels.length) throw new HttpError(400, `alert rule "${id}" has no channels to test`);
    const queued = await alerting.sendTest(rule.id, rule.name, rule.channels);
    return context.json({ queued: queued.map(redactNotification) }, 202);
  });
}

/** `GET /alerts/incidents` and `GET /alerts/notifications`: what the rules raised and what was sent. */
function registerHistoryRoutes(routes: Hono, { keys, repository }: AlertRouteParts): void {
  routes.get('/alerts/incidents', async (context) => {
    requireReader(context, keys);
    const query = context.req.query();
    const incidents = await repository.listIncidents({
      status: queryChoice(query.status, 'status', ['open', 'resolved'] as const),
      ruleId: queryText(query.rule, 'rule'),
      origin: queryOrigin(query.origin, 'origin'),
      since: queryTime(query.since, 'since'),
      limit: queryLimit(query.limit),
    });
    return context.json({ incidents });
  });

  routes.get('/alerts/notifications', async (context) => {
    requireReader(context, keys);
    const query = context.req.query();
    const notifications = await repository.listNotifications({ ruleId: query.rule, limit: queryLimit(query.limit) });
    return context.json({ notifications: notifications.map(redactNotification) });
  });
}

/** Changes and test notifications take a staff token; the read key alone is a 403. */
function requireStaff(context: Context, keys: ReadCredentials): void {
  if (requireReader(context, keys) !== 'staff') throw new HttpError(403, 'changing alert rules takes a staff token');
}

/**
 * The rule a POST (`id` absent: from the body, else from the name) or a PUT (`id` from the URL, and the `stored`
 * rule whose channel secrets redacted ones keep) sends, validated, stamped as the API's and with `now()`. A channel
 * URL naming an internal address the allow-list lacks is a 400 here, as bug-report webhooks are; each send checks
 * again (a name can resolve elsewhere later).
 */
async function readRule(
  context: Context,
  now: () => number,
  allow: AllowList,
  id?: string,
  stored?: AlertRule,
): Promise<AlertRule> {
  const body = await readJsonBody(context, 65_536);
  const input = parseOr400(AlertRuleSchema, stored ? restoreRedacted(body, stored) : body, 'alert rule');
  const ruleId = id ?? input.id ?? ruleIdFrom(input.name);
  if (id && input.id && input.id !== id)
    throw new HttpError(400, `invalid alert rule: id "${input.id}" does not match the URL's "${id}"`);
  for (const [index, channel] of input.channels.entries()) {
    const refusal = channel.type === 'email' ? undefined : literalRefusal(new URL(channel.url), allow);
    if (refusal)
      throw new HttpError(
        400,
        `invalid alert rule: channels[${index}].url: ${refusal}; the server does not call internal addresses unless INSIGHTS_OUTBOUND_ALLOW lists them`,
      );
  }
  return { ...input, id: ruleId, source: 'api', updatedAt: now() };
}
