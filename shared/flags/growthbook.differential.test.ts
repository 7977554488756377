import { GrowthBook, evalCondition as growthbookCondition } from '@growthbook/growthbook';
import type { FeatureDefinition, Result } from '@growthbook/growthbook';
import { describe, expect, it } from 'vitest';
import { evalCondition } from './condition.ts';
import { evaluateFlag } from './evaluate-flag.ts';
import { hash } from './hash.ts';
import { runExperiment } from './run-experiment.ts';
import type {
  Condition,
  ExperimentRule,
  FlagDefinition,
  FlagRule,
  JsonValue,
  StickyAssignmentDoc,
  StickyAssignmentDocs,
} from './types.ts';

// Differential tests: thousands of seeded random cases evaluated by this engine and by GrowthBook's own SDK must
// agree on hash values, condition results, variation assignments and flag values. A fixed seed keeps failures
// reproducible; the case index is in every failure message.

/** mulberry32: a tiny seeded generator, so the cases are the same on every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

type Random = ReturnType<typeof generator>;

const COUNTRIES = ['DE', 'FR', 'US', 'de', 'GB'];
const VERSIONS = ['1.0.0', '1.0.0-beta', '2.1.3', 'v2.10.0', '10.0.1+build7', '1.2', '0.9.9-rc.1'];

function randomId(random: Random): string {
  return `${random.pick(['user', 'u', 'acct', ''])}-${random.int(1e6).toString(36)}${random.pick(['', 'é', '✓', 'X'])}`;
}

function randomAttributes(random: Random): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  if (random.next() < 0.9) attributes.id = random.next() < 0.1 ? random.int(1000) : randomId(random);
  if (random.next() < 0.7) attributes.company = randomId(random);
  if (random.next() < 0.8) attributes.country = random.pick(COUNTRIES);
  if (random.next() < 0.7) attributes.age = random.next() < 0.2 ? `${random.int(10)}` : random.int(10);
  if (random.next() < 0.6) attributes.version = random.pick(VERSIONS);
  if (random.next() < 0.6)
    attributes.tags = Array.from({ length: random.int(4) }, () => random.pick(['a', 'b', 'c', 'B', 0, '']));
  if (random.next() < 0.5) attributes.staff = random.pick([true, false, null, 0, 1, 'yes']);
  if (random.next() < 0.5) attributes.account = { plan: random.pick(['free', 'pro', 'Pro']), seats: random.int(50) };
  if (random.next() < 0.3) attributes.items = [{ sku: random.pick(['x', 'y']), qty: random.int(5) }];
  return attributes;
}

function randomLeaf(random: Random): Condition {
  switch (random.int(20)) {
    case 0:
      return { country: random.pick(COUNTRIES) };
    case 1:
      return {
        country: { [random.pick(['$in', '$nin', '$ini', '$nini'])]: [random.pick(COUNTRIES), random.pick(COUNTRIES)] },
      };
    case 2:
      return { age: { [random.pick(['$lt', '$lte', '$gt', '$gte'])]: random.int(10) } };
    case 3:
      return { age: { [random.pick(['$eq', '$ne'])]: random.pick([random.int(10), `${random.int(10)}`]) } };
    case 4:
      return { [random.pick(['age', 'staff', 'missing', 'account.plan'])]: { $exists: random.next() < 0.5 } };
    case 5:
      return { version: { [random.pick(['$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte'])]: random.pick(VERSIONS) } };
    case 6:
      return { id: { [random.pick(['$regex', '$regexi'])]: random.pick(['^user', 'X$', '[0-9]{3}', 'U-', '(']) } };
    case 7:
      return { tags: { [random.pick(['$all', '$alli'])]: [random.pick(['a', 'b', 'A'])] } };
    case 8:
      return { tags: { $size: random.pick([0, 1, 2, { $gt: 1 }]) } };
    case 9:
      return { tags: { $elemMatch: random.pick([{ $eq: 'a' }, { $in: ['b', 0] }]) } };
    case 10:
      return { items: { $elemMatch: { sku: random.pick(['x', 'y']), qty: { $gte: random.int(5) } } } };
    case 11:
      return { 'account.plan': random.pick(['pro', 'free']) };
    case 12:
      return { 'account.seats': { $gt: random.int(50) } };
    case 13:
      return { staff: random.pick([true, false, null, 1]) };
    case 14:
      return { country: { $not: { $in: ['DE', 'FR'] } } };
    case 15:
      return {
        [random.pick(['age', 'tags', 'account', 'staff'])]: {
          $type: random.pick(['number', 'string', 'array', 'object', 'boolean', 'null']),
        },
      };
    case 16:
      return { account: { plan: 'pro', seats: random.int(50) } };
    case 17:
      return { tags: random.pick([['a'], ['a', 'b'], []]) };
    case 18:
      return { tags: random.pick(['a', 'b']) };
    default:
      return { age: { $gt: random.int(5), $lt: 4 + random.int(6) } };
  }
}

function randomCondition(random: Random, depth = 0): Condition {
  const roll = random.int(depth > 1 ? 2 : 6);
  if (roll < 2) return randomLeaf(random);
  if (roll === 2) return { ...randomLeaf(random), ...randomLeaf(random) };
  const operator = random.pick(['$and', '$or', '$nor', '$not']);
  if (operator === '$not') return { $not: randomCondition(random, depth + 1) };
  return { [operator]: Array.from({ length: random.int(3) }, () => randomCondition(random, depth + 1)) };
}

function randomWeights(random: Random, count: number): number[] | undefined {
  if (random.next() < 0.3) return undefined;
  const raw = Array.from({ length: count }, () => random.next() + 0.05);
  const total = raw.reduce((sum, value) => sum + value, 0);
  return raw.map((value) => value / total);
}

function randomExperimentRule(random: Random): ExperimentRule {
  const count = 2 + random.int(3);
  const rule: ExperimentRule = {
    id: `exp-${random.int(100)}`,
    key: `exp-${random.int(20)}`,
    variations: Array.from({ length: count }, (_, index) => `v${index}`),
    meta: Array.from({ length: count }, (_, index) => ({ key: `k${index}` })),
    hashVersion: random.pick([1, 2, 2]),
  };
  const weights = randomWeights(random, count);
  if (weights) rule.weights = weights;
  if (random.next() < 0.5) rule.coverage = random.pick([0, 0.1, 0.5, 0.99, 1, random.next()]);
  if (random.next() < 0.3) rule.hashAttribute = random.pick(['company', 'id', 'missing']);
  if (random.next() < 0.3) rule.seed = randomId(random);
  if (random.next() < 0.3) {
    const start = random.next() * 0.8;
    rule.namespace = [random.pick(['ns-a', 'ns-b']), start, start + random.next() * (1 - start)];
  }
  if (random.next() < 0.3) rule.condition = randomCondition(random);
  return rule;
}

function randomFlag(random: Random): FlagDefinition {
  const rules: FlagRule[] = Array.from({ length: random.int(4) }, (): FlagRule => {
    const kind = random.int(3);
    if (kind === 2) return randomExperimentRule(random);
    const rule: FlagRule = {
      id: `rule-${random.int(100)}`,
      force: random.pick<JsonValue>(['x', 1, true, { a: 1 }, null]),
    };
    if (random.next() < 0.6) rule.condition = randomCondition(random);
    if (kind === 1) {
      if (random.next() < 0.7) rule.coverage = random.pick([0, 0.3, 0.5, 1, random.next()]);
      else rule.range = [random.next() * 0.5, 0.5 + random.next() * 0.5];
      rule.hashVersion = random.pick([1, 2]);
      if (random.next() < 0.3) rule.hashAttribute = 'company';
      if (random.next() < 0.3) rule.seed = randomId(random);
    }
    return rule;
  });
  return { type: 'json', defaultValue: random.pick<JsonValue>(['d', 0, false, null]), rules };
}

const SOURCES: Record<string, string> = {
  default: 'defaultValue',
  rule: 'force',
  force: 'force',
  rollout: 'force',
  experiment: 'experiment',
  override: 'override',
};

describe('differential against @growthbook/growthbook', () => {
  it('gives the same hash values (seen through experiment buckets) for 3000 random seeds and ids', () => {
    const random = generator(1);
    for (let index = 0; index < 3000; index++) {
      const seed = randomId(random);
      const id = randomId(random);
      const version = random.pick([1, 2]);
      const growthbook = new GrowthBook({ attributes: { id } });
      const theirs = growthbook.run({ key: seed, variations: [0, 1], hashVersion: version });
      expect(theirs.bucket, `case ${index}`).toBe(hash(seed, id, version));
    }
  });

  it('gives the same condition results for 5000 random conditions and users', () => {
    const random = generator(2);
    let matched = 0;
    for (let index = 0; index < 5000; index++) {
      const condition = randomCondition(random);
      const attributes = randomAttributes(random);
      const theirs = growthbookCondition(attributes, condition as never);
      const ours = evalCondition(attributes, condition);
      expect(ours, `case ${index}: ${JSON.stringify({ condition, attributes })}`).toBe(theirs);
      if (ours) matched++;
    }
    // Both outcomes must be well represented, or the comparison proves little.
    expect(matched).toBeGreaterThan(1000);
    expect(matched).toBeLessThan(4000);
  });

  it('assigns the same variation for 5000 random experiments and users, forced or hashed', () => {
    const random = generator(3);
    let inExperiment = 0;
    for (let index = 0; index < 5000; index++) {
      const rule = randomExperimentRule(random);
      const attributes = randomAttributes(random);
      const forced = random.next() < 0.1 ? random.int(rule.variations.length + 1) : undefined;
      const growthbook = new GrowthBook({
        attributes,
        forcedVariations: forced === undefined ? {} : { [rule.key!]: forced },
      });
      const theirs = growthbook.run({
        ...rule,
        key: rule.key!,
        variations: rule.variations as [string, string],
      } as never) as Result<string>;
      const ours = runExperiment({ ...rule, key: rule.key! }, attributes, { forcedVariation: forced });
      const label = `case ${index}: ${JSON.stringify({ rule, attributes, forced })}`;
      expect(
        {
          in: ours.inExperiment,
          variation: ours.variation,
          key: ours.variationKey,
          hashUsed: ours.hashUsed,
          bucket: ours.bucket,
        },
        label,
      ).toEqual({
        in: theirs.inExperiment,
        variation: theirs.variationId,
        key: theirs.key,
        hashUsed: theirs.hashUsed,
        bucket: theirs.bucket,
      });
      if (ours.inExperiment) inExperiment++;
    }
    expect(inExperiment).toBeGreaterThan(1000);
  });

  it('gives the same flag value, source and rule for 5000 random flags and users', () => {
    const random = generator(4);
    const seenSources = new Set<string>();
    for (let index = 0; index < 5000; index++) {
      const flag = randomFlag(random);
      const attributes = randomAttributes(random);
      // Some cases carry QA overrides: a forced value, or simulated attributes laid over the real ones.
      const forcedValue = random.next() < 0.05 ? random.pick<JsonValue>(['forced', 7, false]) : undefined;
      const simulated = random.next() < 0.1 ? randomAttributes(random) : undefined;
      const growthbook = new GrowthBook({
        attributes,
        features: { f: flag as unknown as FeatureDefinition },
        ...(forcedValue !== undefined ? { forcedFeatureValues: new Map([['f', forcedValue]]) } : {}),
        ...(simulated ? { attributeOverrides: simulated } : {}),
      });
      const theirs = growthbook.evalFeature('f');
      const overrides = {
        ...(forcedValue !== undefined ? { flags: { f: forcedValue } } : {}),
        ...(simulated ? { attributes: simulated } : {}),
      };
      const { detail } = evaluateFlag('f', { flags: { f: flag } }, attributes, overrides);
      const label = `case ${index}: ${JSON.stringify({ flag, attributes, overrides })}`;
      expect({ value: detail.value, source: SOURCES[detail.source], ruleId: detail.ruleId }, label).toEqual({
        value: theirs.value,
        source: theirs.source,
        ruleId: theirs.ruleId,
      });
      expect(detail.experiment?.variation, label).toBe(
        theirs.experimentResult?.inExperiment ? theirs.experimentResult.variationId : undefined,
      );
      seenSources.add(detail.source);
    }
    expect([...seenSources].sort()).toEqual(['default', 'experiment', 'force', 'override', 'rollout', 'rule']);
  });

  it('keeps and writes sticky buckets the same for 3000 random experiments, stored docs and weight changes', () => {
    const random = generator(5);
    let stickyUsed = 0;
    for (let index = 0; index < 3000; index++) {
      const rule: ExperimentRule = { ...randomExperimentRule(random), key: 'sticky-exp' };
      if (random.next() < 0.4) rule.bucketVersion = random.int(3);
      if (random.next() < 0.2) rule.minBucketVersion = random.int(3);
      if (random.next() < 0.3) rule.fallbackAttribute = 'company';
      const attributes = randomAttributes(random);
      const docs: StickyAssignmentDocs = {};
      for (const attribute of ['id', 'company']) {
        const value = attributes[attribute];
        if (!value || random.next() < 0.4) continue;
        const assignments: Record<string, string> = {};
        for (let version = 0; version < 3; version++) {
          if (random.next() < 0.4) assignments[`sticky-exp__${version}`] = random.pick(['k0', 'k1', 'k2', 'gone']);
        }
        docs[`${attribute}||${value}`] = { attributeName: attribute, attributeValue: `${value}`, assignments };
      }
      const saved: StickyAssignmentDoc[] = [];
      const service = { saveAssignments: async (doc: StickyAssignmentDoc) => void saved.push(doc) };
      const growthbook = new GrowthBook({
        attributes,
        stickyBucketService: service as never,
        stickyBucketAssignmentDocs: structuredClone(docs),
      });
      saved.length = 0; // the constructor re-saves the docs it was given; only what the run writes counts
      const theirs = growthbook.run({
        ...rule,
        key: 'sticky-exp',
        variations: rule.variations as [string, string],
      } as never) as Result<string>;
      const ours = runExperiment({ ...rule, key: 'sticky-exp' }, attributes, { stickyBucketDocs: docs });
      const label = `case ${index}: ${JSON.stringify({ rule, attributes, docs })}`;
      expect({ in: ours.inExperiment, variation: ours.variation, sticky: ours.stickyBucketUsed }, label).toEqual({
        in: theirs.inExperiment,
        variation: theirs.variationId,
        sticky: theirs.stickyBucketUsed,
      });
      expect(ours.stickyBucketDoc, label).toEqual(saved[0]);
      if (ours.stickyBucketUsed) stickyUsed++;
    }
    expect(stickyUsed).toBeGreaterThan(300);
  });
});
