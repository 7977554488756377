import type { FlagType } from './types.ts';

/** One problem in a config, with the path of the bad field, e.g. `flags.pipeline-layout.rules[0].weights`. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Whether a value is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a bad value for a problem's message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value).slice(0, 40)}`
    : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

/** Whether a value fits a flag's type. */
export function matchesType(value: unknown, type: FlagType): boolean {
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'string') return typeof value === 'string';
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  return value !== undefined;
}

/** Whether a value is a number from 0 to 1. */
export function isProbability(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

/** Records a problem at a path. */
export type Report = (path: string, message: string) => void;
/** Checks a value against its flag's type, reporting at `path`. */
export type CheckValue = (path: string, value: unknown) => void;

/** What checking one flag's rules needs; `experimentKeys` is shared by all flags, as experiment keys are global. */
export interface RuleContext {
  flagKey: string;
  checkValue: CheckValue;
  problem: Report;
  experimentKeys: Map<string, string>;
}

/** Reports a range that is not [start, end] with 0 <= start <= end <= 1. */
export function checkRange(range: unknown, path: string, problem: Report): void {
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !isProbability(range[0]) ||
    !isProbability(range[1]) ||
    range[0] > range[1]
  ) {
    problem(path, 'must be [start, end] with 0 <= start <= end <= 1');
  }
}
