import { describe, expect, it } from 'vitest';
import { validateFlagsConfig } from './validate-config.ts';

const experiment = {
  key: 'pipeline-layout',
  variations: ['control', 'B'],
  weights: [0.5, 0.5],
  meta: [{ key: 'control' }, { key: 'B' }],
};

describe('validateFlagsConfig', () => {
  it('accepts a config with every kind of rule', () => {
    const config = {
      version: 3,
      flags: {
        'dark-mode': {
          type: 'boolean',
          defaultValue: false,
          rules: [{ id: 'staff', condition: { role: { $in: ['staff'] } }, force: true }],
        },
        layout: {
          type: 'string',
          defaultValue: 'control',
          rules: [
            { id: 'half', force: 'B', coverage: 0.5 },
            { id: 'exp', ...experiment, namespace: ['ui', 0, 0.5] },
          ],
        },
        menu: { type: 'json', defaultValue: { items: [] } },
      },
    };
    expect(validateFlagsConfig(config)).toEqual({ ok: true, config });
  });

  it.each([
    [null, '(root)', 'must be an object with "flags", got null'],
    [{ flags: [] }, 'flags', 'must be an object of flag key → flag definition, got an array'],
    [
      { flags: { x: { type: 'bool', defaultValue: true } } },
      'flags.x.type',
      'must be one of boolean, string, number, json, got the string "bool"',
    ],
    [
      { flags: { x: { type: 'number', defaultValue: '5' } } },
      'flags.x.defaultValue',
      'must be a number (the flag\'s type), got the string "5"',
    ],
    [{ flags: { x: { type: 'boolean' } } }, 'flags.x.defaultValue', 'is required'],
    [
      { flags: { 'bad key!': { type: 'boolean', defaultValue: true } } },
      'flags.bad key!',
      'flag keys are 1–100 characters of letters, digits, ".", "_", ":" and "-", starting with a letter or digit',
    ],
    [
      { flags: { x: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, weights: [0.7, 0.7] }] } } },
      'flags.x.rules[0].weights',
      'must add up to 1, they add up to 1.4',
    ],
    [
      { flags: { x: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, weights: [1] }] } } },
      'flags.x.rules[0].weights',
      'must be 2 numbers from 0 to 1, one per variation',
    ],
    [
      { flags: { x: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, variations: ['a', 2] }] } } },
      'flags.x.rules[0].variations[1]',
      "must be a string (the flag's type), got number 2",
    ],
    [
      { flags: { x: { type: 'string', defaultValue: 'a', rules: [{ force: 'b', coverage: 1.5 }] } } },
      'flags.x.rules[0].coverage',
      'must be a number from 0 to 1',
    ],
    [
      { flags: { x: { type: 'string', defaultValue: 'a', rules: [{ id: 'r' }] } } },
      'flags.x.rules[0]',
      'needs "force" (targeting, forced value or rollout) or "variations" (experiment)',
    ],
    [
      { flags: { x: { type: 'string', defaultValue: 'a', rules: [{ force: 'b', condition: { age: { $gtt: 3 } } }] } } },
      'flags.x.rules[0].condition.age.$gtt',
      expect.stringContaining('is not a supported operator'),
    ],
    [
      {
        flags: {
          x: { type: 'string', defaultValue: 'a', rules: [{ force: 'b', condition: { id: { $regex: '(' } } }] },
        },
      },
      'flags.x.rules[0].condition.id.$regex',
      expect.stringContaining('is not a valid regular expression'),
    ],
    [
      { flags: { x: { type: 'string', defaultValue: 'a', rules: [{ force: 'b', hashVersion: 3 }] } } },
      'flags.x.rules[0].hashVersion',
      'must be 1 or 2',
    ],
    [
      { flags: { x: { type: 'string', defaultValue: 'a', rules: [{ force: 'b', colour: 'red' }] } } },
      'flags.x.rules[0].colour',
      expect.stringContaining('is not a field of a force or rollout rule'),
    ],
    [
      { flags: { x: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, namespace: ['ns', 0.6, 0.2] }] } } },
      'flags.x.rules[0].namespace',
      'must be [id, start, end] with 0 <= start <= end <= 1',
    ],
    [
      {
        flags: {
          x: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, meta: [{ key: 'B' }, { key: 'B' }] }] },
        },
      },
      'flags.x.rules[0].meta[1].key',
      'repeats the variation key "B"',
    ],
    [
      {
        flags: {
          x: { type: 'string', defaultValue: 'a', rules: [experiment] },
          y: { type: 'string', defaultValue: 'a', rules: [experiment] },
        },
      },
      'flags.y.rules[0].key',
      'experiment "pipeline-layout" is already defined at flags.x.rules[0]; experiment keys must be unique',
    ],
    [
      {
        flags: {
          x: { type: 'string', defaultValue: 'a', rules: [experiment] },
          y: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, variations: ['only one'] }] },
        },
      },
      'flags.y.rules[0].key',
      'experiment "pipeline-layout" is already defined at flags.x.rules[0]; experiment keys must be unique',
    ],
    [
      {
        flags: {
          x: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, key: '' }] },
          x2: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, key: 'x' }] },
        },
      },
      'flags.x2.rules[0].key',
      'experiment "x" is already defined at flags.x.rules[0]; experiment keys must be unique',
    ],
  ])('refuses %j naming %s', (config, path, message) => {
    const result = validateFlagsConfig(config);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toContainEqual({ path, message });
  });

  it('runs an experiment with an empty key under its flag key, so two empty keys are one problem, not two', () => {
    const result = validateFlagsConfig({
      flags: {
        a: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, key: '' }] },
        b: { type: 'string', defaultValue: 'a', rules: [{ ...experiment, key: '' }] },
      },
    });
    expect(result.ok ? [] : result.problems).toEqual([
      { path: 'flags.a.rules[0].key', message: 'must be a non-empty string' },
      { path: 'flags.b.rules[0].key', message: 'must be a non-empty string' },
    ]);
  });
});
