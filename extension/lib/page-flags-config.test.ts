import { describe, expect, it } from 'vitest';
import { attributesUsed, explainFlag } from '../../shared/flags/explain-flag.ts';
import { pageFlagsConfig } from './page-flags-config.ts';

const valid = {
  version: 3,
  flags: {
    'new-inbox': {
      type: 'boolean',
      defaultValue: false,
      rules: [{ id: 'staff', condition: { email: { $regex: '@example\\.com$' } }, force: true }],
    },
  },
};

describe('the flags config a page sends the panel', () => {
  it('is kept when the API would accept it', () => {
    expect(pageFlagsConfig(valid)).toEqual(valid);
    expect(explainFlag('new-inbox', pageFlagsConfig(valid), { email: 'a@example.com' }).value).toBe(true);
  });

  it.each([
    ['rules that are not a list', { flags: { x: { type: 'boolean', defaultValue: false, rules: 5 } } }],
    ['a flag that is null', { flags: { x: null } }],
    ['a string', 'x'],
    [
      'a backtracking pattern',
      {
        flags: {
          x: { type: 'boolean', defaultValue: false, rules: [{ condition: { a: { $regex: '(a+)+$' } }, force: true }] },
        },
      },
    ],
  ])('is dropped for %s', (_what, config) => {
    expect(pageFlagsConfig(config)).toBeUndefined();
    // What the panel runs on it is then safe: no config, nothing to explain.
    expect(() => attributesUsed(pageFlagsConfig(config))).not.toThrow();
    expect(() => explainFlag('x', pageFlagsConfig(config), {})).not.toThrow();
  });

  it('is none when the page sent none', () => {
    expect(pageFlagsConfig(undefined)).toBeUndefined();
  });
});
