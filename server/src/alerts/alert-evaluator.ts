import { randomUUID } from 'node:crypto';
import { evaluateCondition } from './alert-conditions.ts';
import type { Firing } from './alert-conditions.ts';
import type { AlertRepository, AlertMessage, Incident, Notification } from './alert-repository.ts';
import type { AlertRule } from './alert-rule.ts';
import type { AlertSignals } from './alert-signals.ts';

/** What one evaluation did, for logs and tests. */
export interface EvaluationResult {
  opened: number;
  resolved: number;
  /** Firing keys held back because their last incident opened within the rule's cooldown. */
  suppressed: number;
  failedRules: string[];
}

/**
 * Evaluates every enabled rule once: a firing key without an open incident opens one (unless the rule's cooldown
 * since that key's last incident has not passed) and queues a `firing` notification per channel; an open incident
 * whose key no longer fires is resolved with a `resolved` notification. A rule that fails is logged and skipped.
 */
export async function evaluateAlerts(
  repository: AlertRepository,
  signals: AlertSignals,
  now: number,
): Promise<EvaluationResult> {
  const result: EvaluationResult = { opened: 0, resolved: 0, suppressed: 0, failedRules: [] };
  for (const rule of await repository.listRules()) {
    if (!rule.enabled) continue;
    try {
      const firings = await evaluateCondition(rule, signals, now);
      const open = await repository.openIncidents(rule.id);
      const openKeys = new Set(open.map((incident) => incident.key));
      for (const firing of firings) {
        if (openKeys.has(firing.key)) continue;
        const last = await repository.lastOpenedAt(rule.id, firing.key);
        if (last !== undefined && now - last < rule.cooldownMinutes * 60_000) {
          result.suppressed += 1;
          continue;
        }
        const incident: Incident = {
          id: randomUUID(),
          ruleId: rule.id,
          key: firing.key,
          status: 'open',
          openedAt: now,
          value: firing.value,
          summary: firing.summary,
          page: firing.page,
        };
        if (
          await repository.openIncident(
            incident,
            notificationsFor(rule, incidentMessage(rule, firing, 'firing', now, incident.id), now),
          )
        )
          result.opened += 1;
      }
      const firingKeys = new Set(firings.map((firing) => firing.key));
      for (const incident of open) {
        if (firingKeys.has(incident.key)) continue;
        const message = incidentMessage(
          rule,
          { key: incident.key, value: incident.value, summary: incident.summary, page: incident.page },
          'resolved',
          now,
          incident.id,
        );
        if (await repository.resolveIncident(incident.id, now, notificationsFor(rule, message, now)))
          result.resolved += 1;
      }
    } catch (error) {
      result.failedRules.push(rule.id);
      console.error(`[crm-insights] alert rule ${rule.id} could not be evaluated`, error);
    }
  }
  return result;
}

/** The message of an incident opening or resolving. */
function incidentMessage(
  rule: AlertRule,
  firing: Firing,
  event: 'firing' | 'resolved',
  at: number,
  incidentId: string,
): AlertMessage {
  const title = event === 'firing' ? `[FIRING] ${rule.name}` : `[RESOLVED] ${rule.name}`;
  const text = event === 'firing' ? firing.summary : `Cleared: ${firing.summary}`;
  return {
    event,
    title,
    text,
    ruleId: rule.id,
    ruleName: rule.name,
    kind: rule.kind,
    page: firing.page,
    at,
    incidentId,
    value: firing.value,
  };
}

/** One queued notification per channel of the rule. */
export function notificationsFor(
  rule: Pick<AlertRule, 'id' | 'channels'>,
  message: AlertMessage,
  now: number,
): Notification[] {
  return rule.channels.map((channel) => ({
    id: randomUUID(),
    ruleId: rule.id,
    ...(message.incidentId ? { incidentId: message.incidentId } : {}),
    event: message.event,
    channel,
    message,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  }));
}
