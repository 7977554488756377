import { describe, expect, it } from 'vitest';
import { evalCondition, MAX_REGEX_INPUT } from './condition.ts';
import { MAX_PATTERN_LENGTH, regexProblem } from './regex-safety.ts';

describe('regexProblem', () => {
  it.each([
    ['(a+)+$', /repeats a group that itself repeats/],
    ['^(\\w+\\s?)+$', /repeats a group that itself repeats/],
    ['(?:a*)*b', /repeats a group that itself repeats/],
    ['([a-z]+){2,}', /repeats a group that itself repeats/],
    ['(a|ab)*c', /repeats a group that has alternatives/],
    ['^((ab)|a)+$', /repeats a group that has alternatives/],
    ['(a)\\1', /backreference/],
    ['(?<x>a)\\k<x>', /backreference/],
    ['(?=a)a', /lookaround/],
    ['(?<!a)b', /lookaround/],
    ['a'.repeat(MAX_PATTERN_LENGTH + 1), /longer than 500 characters/],
  ])('refuses %s', (pattern, problem) => {
    expect(regexProblem(pattern)).toMatch(problem);
  });

  it.each([
    '^user',
    'X$',
    '[0-9]{3}',
    'U-',
    '^(foo|bar)$',
    '(foo|bar)?',
    '^/deals/[0-9]+$',
    '(ab)+',
    '[(+*]+',
    '\\(a+\\)+',
    'a{2,}b',
    '^.*@example\\.com$',
    '(?:https?://)?crm',
  ])('accepts %s', (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
  });
});

describe('a $regex condition on a long attribute', () => {
  it('matches up to the input bound and never beyond it', () => {
    expect(evalCondition({ id: 'a'.repeat(MAX_REGEX_INPUT) }, { id: { $regex: '^a+$' } })).toBe(true);
    expect(evalCondition({ id: 'a'.repeat(MAX_REGEX_INPUT + 1) }, { id: { $regex: '^a+$' } })).toBe(false);
  });
});
