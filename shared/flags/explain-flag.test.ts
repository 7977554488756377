import { describe, expect, it } from 'vitest';
import { evaluateFlag } from './evaluate-flag.ts';
import { attributesUsed, explainFlag } from './explain-flag.ts';
import { hash } from './hash.ts';
import type { Attributes, FlagsConfig, Overrides } from './types.ts';

const config: FlagsConfig = {
  flags: {
    'deal-value-badge': {
      type: 'boolean',
      defaultValue: false,
      rules: [
        { id: 'staff', condition: { role: 'staff' }, force: true },
        { id: 'half-rollout', force: true, coverage: 0.5, hashVersion: 2 },
      ],
    },
    'page-size': {
      type: 'number',
      defaultValue: 25,
      rules: [{ condition: { $or: [{ plan: 'enterprise' }, { seats: { $gt: 50 } }] }, force: 100 }],
    },
    'pipeline-layout': {
      type: 'string',
      defaultValue: 'control',
      rules: [
        {
          id: 'exp',
          key: 'pipeline-layout',
          variations: ['control', 'B'],
          meta: [{ key: 'control' }, { key: 'B' }],
          coverage: 0.6,
          hashAttribute: 'company',
          hashVersion: 2,
        },
      ],
    },
    'dark-mode': { type: 'boolean', defaultValue: false },
  },
};

/** The first id (u0, u1, …) whose rollout hash for `seed` satisfies `wanted`, and that hash. */
function idWhere(seed: string, wanted: (n: number) => boolean): { id: string; n: number } {
  for (let i = 0; ; i++) {
    const n = hash(seed, `u${i}`, 2)!;
    if (wanted(n)) return { id: `u${i}`, n };
  }
}
const outside = idWhere('deal-value-badge', (n) => n > 0.5);
const inside = idWhere('deal-value-badge', (n) => n <= 0.5);
const inExperiment = idWhere('pipeline-layout', (n) => n < 0.3);
const outOfExperiment = idWhere('pipeline-layout', (n) => n > 0.9);

describe('explainFlag', () => {
  it.each<[string, string, Attributes, Overrides | undefined, string]>([
    [
      'a user outside a rollout',
      'deal-value-badge',
      { id: outside.id },
      undefined,
      `rule 1 (staff): condition false; rule 2 (half-rollout): hash ${outside.n} outside coverage 0.5 → default false`,
    ],
    [
      'a user inside a rollout',
      'deal-value-badge',
      { id: inside.id },
      undefined,
      `rule 1 (staff): condition false; rule 2 (half-rollout): hash ${inside.n} within coverage 0.5 → true`,
    ],
    [
      'a targeted user',
      'deal-value-badge',
      { id: outside.id, role: 'staff' },
      undefined,
      'rule 1 (staff): condition true → true',
    ],
    [
      'a user with nothing to hash',
      'deal-value-badge',
      {},
      undefined,
      'rule 1 (staff): condition false; rule 2 (half-rollout): no id to hash → default false',
    ],
    [
      'simulated attributes',
      'deal-value-badge',
      { id: outside.id },
      { attributes: { role: 'staff' } },
      'rule 1 (staff): condition true → true',
    ],
    [
      'a forced value',
      'deal-value-badge',
      { id: outside.id },
      { flags: { 'deal-value-badge': true } },
      'forced by an override → true',
    ],
    ['a rule without an id', 'page-size', { seats: 80 }, undefined, 'rule 1: condition true → 100'],
    [
      'an experiment on its hash attribute',
      'pipeline-layout',
      { id: 'x', company: inExperiment.id },
      undefined,
      `rule 1 (exp): experiment pipeline-layout: company hashes to ${inExperiment.n} → variation control ("control")`,
    ],
    [
      'outside the experiment coverage',
      'pipeline-layout',
      { id: 'x', company: outOfExperiment.id },
      undefined,
      `rule 1 (exp): experiment pipeline-layout: hash ${outOfExperiment.n} outside coverage 0.6 → default "control"`,
    ],
    [
      'no value for the hash attribute',
      'pipeline-layout',
      { id: 'x' },
      undefined,
      'rule 1 (exp): experiment pipeline-layout: no company to hash → default "control"',
    ],
    [
      'a forced variation',
      'pipeline-layout',
      { id: 'x' },
      { experiments: { 'pipeline-layout': 'B' } },
      'rule 1 (exp): experiment pipeline-layout: variation B forced by an override → "B"',
    ],
    ['a flag without rules', 'dark-mode', { id: 'x' }, undefined, '→ default false'],
    ['a flag the config lacks', 'nope', { id: 'x' }, undefined, 'not in the config → null'],
  ])('%s', (_name, key, attributes, overrides, summary) => {
    const explained = explainFlag(key, config, attributes, overrides);
    expect(explained.summary).toBe(summary);
    // Never a second engine: the value is the engine's.
    expect(explained.value).toEqual(evaluateFlag(key, config, attributes, overrides).value);
  });

  it('marks which step decided', () => {
    expect(explainFlag('deal-value-badge', config, { id: inside.id }).steps.map((step) => step.outcome)).toEqual([
      'skipped',
      'decided',
    ]);
  });
});

describe('attributesUsed', () => {
  it('lists what the config hashes on and targets on, through $or', () => {
    expect(attributesUsed(config)).toEqual({ hashed: ['company', 'id'], targeted: ['plan', 'role', 'seats'] });
  });
});
