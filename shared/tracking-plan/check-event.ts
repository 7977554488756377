import type { PropType, TrackingPlan } from './plan-types.ts';

/**
 * Why an event breaks the plan: each problem a short sentence; empty when it follows it. Props whose key starts
 * with `$` are the SDK's own (an experiment conversion's `$experiment` and `$variation`, `$conversion`) and are never
 * checked; an experiment conversion of an event the plan does not list follows the plan as it is.
 */
export function checkEvent(plan: TrackingPlan, name: string, props: Record<string, unknown> = {}): string[] {
  const spec = plan[name];
  if (!spec) return typeof props.$experiment === 'string' ? [] : [`"${name}" is not in the tracking plan`];
  const problems: string[] = [];
  for (const [key, type] of Object.entries(spec)) {
    const problem = checkValue(type, props[key]);
    if (problem) problems.push(`${name}.${key} ${problem}`);
  }
  for (const key of Object.keys(props))
    if (!(key in spec) && !key.startsWith('$')) problems.push(`${name}.${key} is not in the plan`);
  return problems;
}

function checkValue(type: PropType, value: unknown): string | undefined {
  if (typeof type !== 'string') return type.includes(value as string) ? undefined : `must be one of ${type.join(', ')}`;
  const optional = type.endsWith('?');
  if (value === undefined) return optional ? undefined : 'is required';
  const base = optional ? type.slice(0, -1) : type;
  if (base === 'string[]')
    return Array.isArray(value) && value.every((item) => typeof item === 'string')
      ? undefined
      : 'must be a list of strings';
  return typeof value === base ? undefined : `must be a ${base}`;
}
