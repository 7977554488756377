import { regexProblem } from './regex-safety.ts';
import { describe, isRecord } from './config-values.ts';
import type { Report } from './config-values.ts';

const LOGICAL = new Set(['$and', '$or', '$nor', '$not']);
const OPERATORS = new Set([
  '$eq',
  '$ne',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$in',
  '$nin',
  '$ini',
  '$nini',
  '$exists',
  '$regex',
  '$regexi',
  '$elemMatch',
  '$all',
  '$alli',
  '$size',
  '$type',
  '$not',
  '$veq',
  '$vne',
  '$vgt',
  '$vgte',
  '$vlt',
  '$vlte',
]);
/** Checks a targeting condition: its logical operators, attribute operators and regular expressions. */
export function checkCondition(condition: unknown, path: string, problem: Report): void {
  if (!isRecord(condition)) {
    problem(path, `must be an object (a targeting condition), got ${describe(condition)}`);
    return;
  }
  for (const [key, value] of Object.entries(condition)) {
    const at = `${path}.${key}`;
    if (key === '$not') checkCondition(value, at, problem);
    else if (LOGICAL.has(key)) {
      if (!Array.isArray(value)) problem(at, 'must be an array of conditions');
      else
        value.forEach((part, index) => {
          checkCondition(part, `${at}[${index}]`, problem);
        });
    } else if (key.startsWith('$'))
      problem(at, `is not a supported operator at this level (use $and, $or, $nor, $not or an attribute name)`);
    else checkOperators(value, at, problem);
  }
}

function checkOperators(value: unknown, path: string, problem: Report): void {
  if (!isRecord(value)) return;
  const keys = Object.keys(value);
  if (!keys.some((key) => key.startsWith('$'))) return;
  for (const key of keys) {
    if (!OPERATORS.has(key)) problem(`${path}.${key}`, `is not a supported operator (${[...OPERATORS].join(' ')})`);
    else if (['$in', '$nin', '$ini', '$nini', '$all', '$alli'].includes(key) && !Array.isArray(value[key]))
      problem(`${path}.${key}`, 'must be an array');
    else if (key === '$regex' || key === '$regexi') {
      try {
        new RegExp(String(value[key]));
        const unsafe = regexProblem(String(value[key]));
        if (unsafe) problem(`${path}.${key}`, unsafe);
      } catch (error) {
        problem(`${path}.${key}`, `is not a valid regular expression: ${(error as Error).message}`);
      }
    } else if (key === '$not') checkOperators(value[key], `${path}.$not`, problem);
    // Operators that hold more operators or conditions: a pattern nested in them runs like any other.
    else if (key === '$elemMatch') {
      if (isRecord(value[key]) && Object.keys(value[key]).every((inner) => inner.startsWith('$')))
        checkOperators(value[key], `${path}.$elemMatch`, problem);
      else checkCondition(value[key], `${path}.$elemMatch`, problem);
    } else if (key === '$size') checkOperators(value[key], `${path}.$size`, problem);
    else if (key === '$all' || key === '$alli')
      (value[key] as unknown[]).forEach((item, index) => {
        checkOperators(item, `${path}.${key}[${index}]`, problem);
      });
  }
}
