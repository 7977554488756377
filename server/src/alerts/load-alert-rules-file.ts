import * as v from 'valibot';
import { describeIssues } from '../../../shared/protocol.ts';
import { readListFile } from '../read-list-file.ts';
import { AlertRuleSchema, ruleIdFrom } from './alert-rule.ts';
import type { AlertRule } from './alert-rule.ts';
import type { AlertRepository } from './alert-repository.ts';

/**
 * Reads `ALERT_RULES_FILE`: JSON, either an array of rules or `{ "rules": [...] }`, each as the API takes it.
 * A bad file stops the server's start with the rule and field named, rather than running without alerts.
 */
export function loadAlertRulesFile(path: string, now: number): AlertRule[] {
  const list = readListFile(path, 'ALERT_RULES_FILE', 'rules');
  const ids = new Set<string>();
  return list.map((input, index) => {
    const result = v.safeParse(AlertRuleSchema, input);
    if (!result.success)
      throw new Error(`ALERT_RULES_FILE ${path}: rule ${index + 1}: ${describeIssues(result.issues)}`);
    const id = result.output.id ?? ruleIdFrom(result.output.name);
    if (ids.has(id)) throw new Error(`ALERT_RULES_FILE ${path}: rule id "${id}" appears twice`);
    ids.add(id);
    return { ...result.output, id, source: 'file' as const, updatedAt: now };
  });
}

/**
 * Makes the stored file rules what `ALERT_RULES_FILE` says: upserts each of `rules`, and deletes the rules an
 * earlier start loaded from the file that it no longer holds (closing their open incidents without messages, as
 * a deletion through the API does). Rules created or last saved through the API are never touched. Returns the
 * ids it deleted.
 */
export async function syncAlertRulesFile(
  repository: AlertRepository,
  rules: AlertRule[],
  now: number,
): Promise<string[]> {
  const kept = new Set(rules.map((rule) => rule.id));
  const removed: string[] = [];
  for (const stored of await repository.listRules()) {
    if (stored.source !== 'file' || kept.has(stored.id)) continue;
    if (await repository.deleteRule(stored.id)) removed.push(stored.id);
    await repository.closeIncidentsOf(stored.id, now);
  }
  for (const rule of rules) await repository.saveRule(rule);
  return removed;
}
