import { BUG_SEVERITIES } from '../../../shared/protocol.ts';
import type { BugRoutingRule, BugSeverity } from '../../../shared/protocol.ts';

/** The category a report gets when no rule matches. */
const DEFAULT_BUG_CATEGORY = 'triage';

/** What routing decided: the category, the webhook (if any) and the rule that matched. */
export interface BugRoute {
  category: string;
  webhook?: string;
  rule?: string;
}

/** The parts of a report routing looks at. */
export interface RoutableReport {
  description: string;
  severity: BugSeverity;
  path?: string;
}

/** True when every condition the rule sets holds for the report (a rule with no conditions matches all). */
function ruleMatches(rule: BugRoutingRule, report: RoutableReport): boolean {
  if (rule.pagePrefix !== undefined && !(report.path ?? '').startsWith(rule.pagePrefix)) return false;
  if (
    rule.minSeverity !== undefined &&
    BUG_SEVERITIES.indexOf(report.severity) < BUG_SEVERITIES.indexOf(rule.minSeverity)
  )
    return false;
  if (rule.keywords?.length) {
    const text = report.description.toLowerCase();
    if (!rule.keywords.some((keyword) => text.includes(keyword.toLowerCase()))) return false;
  }
  return true;
}

/** The first matching rule decides, in the order the rules were saved; none matching means `triage`, no webhook. */
export function routeBugReport(rules: readonly BugRoutingRule[], report: RoutableReport): BugRoute {
  const rule = rules.find((candidate) => ruleMatches(candidate, report));
  if (!rule) return { category: DEFAULT_BUG_CATEGORY };
  return { category: rule.category, webhook: rule.webhook, rule: rule.name };
}
