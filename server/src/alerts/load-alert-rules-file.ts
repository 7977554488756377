import * as v from 'valibot';
import { describeIssues } from '../../../shared/protocol.ts';
import { readListFile } from '../read-list-file.ts';
import { AlertRuleSchema, ruleIdFrom } from './alert-rule.ts';
import type { AlertRule } from './alert-rule.ts';

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
