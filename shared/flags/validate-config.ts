import { describe, isRecord, matchesType } from './config-values.ts';
import type { CheckValue, ConfigProblem, Report, RuleContext } from './config-values.ts';
import { checkRule } from './validate-rule.ts';
import type { FlagsConfig, FlagType } from './types.ts';

/** A valid config, or every problem found (not just the first). */
export type ConfigCheck = { ok: true; config: FlagsConfig } | { ok: false; problems: ConfigProblem[] };

const FLAG_TYPES: readonly FlagType[] = ['boolean', 'string', 'number', 'json'];
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/**
 * Checks a flags config (as loaded from the flags file or sent to an admin route) and names every bad field by
 * its path, so whoever edits the file sees exactly what to fix. Checks types, values against each flag's type,
 * coverage/weights/ranges, variation keys, namespaces, hash versions, unknown fields and condition operators.
 */
export function validateFlagsConfig(input: unknown): ConfigCheck {
  if (!isRecord(input))
    return {
      ok: false,
      problems: [{ path: '(root)', message: `must be an object with "flags", got ${describe(input)}` }],
    };
  const problems: ConfigProblem[] = [];
  const problem: Report = (path, message) => problems.push({ path, message });
  checkRootFields(input, problem);
  if (!isRecord(input.flags)) {
    problem('flags', `must be an object of flag key → flag definition, got ${describe(input.flags)}`);
    return { ok: false, problems };
  }
  const experimentKeys = new Map<string, string>();
  for (const [key, flag] of Object.entries(input.flags)) checkFlag(key, flag, problem, experimentKeys);
  return problems.length ? { ok: false, problems } : { ok: true, config: input as unknown as FlagsConfig };
}

function checkRootFields(input: Record<string, unknown>, problem: Report): void {
  if (input.version !== undefined && !(Number.isInteger(input.version) && (input.version as number) >= 0)) {
    problem('version', 'must be a non-negative integer');
  }
  for (const key of Object.keys(input)) {
    if (!['version', 'flags', 'overrideTokenPublicKey'].includes(key))
      problem(key, 'is not a known field (expected "flags", optionally "version")');
  }
}

function checkFlag(key: string, flag: unknown, problem: Report, experimentKeys: Map<string, string>): void {
  const at = `flags.${key}`;
  if (!KEY_PATTERN.test(key))
    problem(
      at,
      'flag keys are 1–100 characters of letters, digits, ".", "_", ":" and "-", starting with a letter or digit',
    );
  if (!isRecord(flag)) {
    problem(at, `must be an object with "type" and "defaultValue", got ${describe(flag)}`);
    return;
  }
  for (const field of Object.keys(flag)) {
    if (!['type', 'defaultValue', 'description', 'rules'].includes(field))
      problem(`${at}.${field}`, 'is not a known field (type, defaultValue, description, rules)');
  }
  const type = flag.type as FlagType;
  if (!FLAG_TYPES.includes(type))
    problem(`${at}.type`, `must be one of ${FLAG_TYPES.join(', ')}, got ${describe(flag.type)}`);
  const checkValue = valueChecker(type, problem);
  if (!('defaultValue' in flag)) problem(`${at}.defaultValue`, 'is required');
  else checkValue(`${at}.defaultValue`, flag.defaultValue);
  if (flag.description !== undefined && typeof flag.description !== 'string')
    problem(`${at}.description`, 'must be a string');
  checkRules(flag.rules, at, { flagKey: key, checkValue, problem, experimentKeys });
}

/** Checks a value against the flag's type; with an unknown type there is nothing to check against, so no problem. */
function valueChecker(type: FlagType, problem: Report): CheckValue {
  const typed = FLAG_TYPES.includes(type);
  return (path, value) => {
    if (typed && !matchesType(value, type))
      problem(path, `must be a ${type === 'json' ? 'JSON value' : type} (the flag's type), got ${describe(value)}`);
  };
}

function checkRules(rules: unknown, at: string, context: RuleContext): void {
  if (rules === undefined) return;
  if (!Array.isArray(rules)) {
    context.problem(`${at}.rules`, `must be an array, got ${describe(rules)}`);
    return;
  }
  rules.forEach((rule: unknown, index: number) => {
    checkRule(rule, `${at}.rules[${index}]`, context);
  });
}
