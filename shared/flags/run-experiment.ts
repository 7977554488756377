import { bucketRanges, chooseVariation, inNamespace } from './bucket.ts';
import { evalCondition } from './condition.ts';
import { hash } from './hash.ts';
import {
  stickyAssignmentsFor,
  stickyDocKey,
  stickyExperimentKey,
  stickyVariation,
  withStickyAssignment,
} from './sticky-bucket.ts';
import type { Attributes, ExperimentRule, JsonValue, StickyAssignmentDoc, StickyAssignmentDocs } from './types.ts';

/** An experiment rule with its key resolved (the flag key when the rule names none). */
export type ExperimentDefinition = ExperimentRule & { key: string };

/** The outcome of running an experiment for one user. */
export interface ExperimentResult {
  key: string;
  inExperiment: boolean;
  /** Variation index (0 when not in the experiment). */
  variation: number;
  variationKey: string;
  value: JsonValue;
  hashUsed: boolean;
  hashAttribute: string;
  hashValue: string;
  bucket?: number;
  stickyBucketUsed: boolean;
  /** The sticky doc to save, when sticky bucketing is on and the assignment is new or changed. */
  stickyBucketDoc?: StickyAssignmentDoc;
}

/** Options for one experiment run. */
export interface RunExperimentOptions {
  /** A variation index or key forced by an override; it wins over everything but a malformed experiment. */
  forcedVariation?: number | string;
  /** Sticky docs of the user; passing them turns sticky bucketing on. */
  stickyBucketDocs?: StickyAssignmentDocs;
}

/** The key a variation is reported under: its meta key, else its index. */
export function variationKeyOf(experiment: ExperimentRule, index: number): string {
  return experiment.meta?.[index]?.key || `${index}`;
}

/** The index of a forced variation given as index or key; -1 when it names none. */
function variationIndexOf(experiment: ExperimentRule, forced: number | string): number {
  if (typeof forced === 'number')
    return Number.isInteger(forced) && forced >= 0 && forced < experiment.variations.length ? forced : -1;
  return experiment.variations.findIndex((_, index) => variationKeyOf(experiment, index) === forced);
}

/**
 * The user's hash attribute and value: the attribute's own value when truthy, else (only with sticky bucketing,
 * as in GrowthBook) the fallback attribute's.
 */
export function hashAttributeOf(
  attributes: Attributes,
  attribute = 'id',
  fallback?: string,
): { hashAttribute: string; hashValue: string } {
  const own = attributes[attribute];
  if (own) return { hashAttribute: attribute, hashValue: `${own}` };
  const other = fallback ? attributes[fallback] : undefined;
  if (fallback && other) return { hashAttribute: fallback, hashValue: `${other}` };
  return { hashAttribute: attribute, hashValue: '' };
}

/**
 * Runs an experiment for one user in GrowthBook's order: forced variation, inactive, hash attribute, sticky
 * bucket, namespace, targeting condition, hash into the weighted ranges. Pure: sticky docs come in and the one to
 * save comes out.
 */
export function runExperiment(
  experiment: ExperimentDefinition,
  attributes: Attributes,
  options: RunExperimentOptions = {},
): ExperimentResult {
  const docs = experiment.disableStickyBucketing ? undefined : options.stickyBucketDocs;
  const hashed = hashAttributeOf(attributes, experiment.hashAttribute, docs ? experiment.fallbackAttribute : undefined);
  const result = resultOf(experiment, hashed);
  const out = () => result(-1, false);
  if (experiment.variations.length < 2) return out();
  if (options.forcedVariation !== undefined) {
    const forced = variationIndexOf(experiment, options.forcedVariation);
    return result(forced, forced >= 0);
  }
  if (experiment.active === false || !hashed.hashValue) return out();
  const stored = docs ? storedBucket(experiment, attributes, docs) : NOT_STORED;
  if (!stored.used && !isEligible(experiment, attributes, hashed.hashValue)) return out();
  const bucket = hash(experiment.seed || experiment.key, hashed.hashValue, experiment.hashVersion || 1);
  if (bucket === null) return out();
  const assigned = stored.used
    ? stored.assigned
    : chooseVariation(
        bucket,
        experiment.ranges ?? bucketRanges(experiment.variations.length, experiment.coverage ?? 1, experiment.weights),
      );
  // GrowthBook reports a version-blocked user as out of the experiment with the sticky bucket used.
  if (stored.blocked) return result(-1, false, { stickyBucketUsed: true });
  if (assigned < 0) return out();
  const assignedResult = result(assigned, true, { hashUsed: true, bucket, stickyBucketUsed: stored.used });
  if (docs) {
    const { doc, changed } = withStickyAssignment(docs, hashed.hashAttribute, hashed.hashValue, {
      [stickyExperimentKey(experiment.key, experiment.bucketVersion)]: assignedResult.variationKey,
    });
    if (changed) assignedResult.stickyBucketDoc = doc;
  }
  return assignedResult;
}

type HashedUser = ReturnType<typeof hashAttributeOf>;

/** Makes the experiment's result for a variation; an invalid one, or one not in the experiment, reports variation 0. */
function resultOf(experiment: ExperimentDefinition, { hashAttribute, hashValue }: HashedUser) {
  return (variation: number, inExperiment: boolean, extra: Partial<ExperimentResult> = {}): ExperimentResult => {
    const valid = inExperiment && variation >= 0 && variation < experiment.variations.length;
    const index = valid ? variation : 0;
    return {
      key: experiment.key,
      inExperiment: valid,
      variation: index,
      variationKey: variationKeyOf(experiment, index),
      value: experiment.variations[index] ?? null,
      hashUsed: false,
      hashAttribute,
      hashValue,
      stickyBucketUsed: false,
      ...extra,
    };
  };
}

/** A variation the user's sticky docs hold for the experiment (`used`), and whether its bucket version blocks them. */
interface StoredBucket {
  used: boolean;
  assigned: number;
  blocked: boolean;
}

const NOT_STORED: StoredBucket = { used: false, assigned: -1, blocked: false };

/** Reads the experiment's stored variation from the user's sticky docs, by own and fallback attribute. */
function storedBucket(experiment: ExperimentDefinition, attributes: Attributes, docs: StickyAssignmentDocs) {
  const own = hashAttributeOf(attributes, experiment.hashAttribute);
  // Without a fallback attribute GrowthBook still reads the `id` doc as the fallback; mirrored for identical buckets.
  const fallback = hashAttributeOf(attributes, experiment.fallbackAttribute);
  const assignments = stickyAssignmentsFor(
    docs,
    stickyDocKey(own.hashAttribute, own.hashValue),
    fallback.hashValue ? stickyDocKey(fallback.hashAttribute, fallback.hashValue) : undefined,
  );
  const stored = stickyVariation(assignments, experiment.key, experiment.bucketVersion, experiment.minBucketVersion);
  const assigned =
    stored.variationKey === undefined
      ? -1
      : (experiment.meta ?? []).findIndex((meta) => meta.key === stored.variationKey);
  return { used: assigned >= 0, assigned, blocked: stored.blocked } satisfies StoredBucket;
}

/** Whether a user without a stored variation may enter: in the experiment's namespace and matching its condition. */
function isEligible(experiment: ExperimentDefinition, attributes: Attributes, hashValue: string): boolean {
  if (experiment.namespace && !inNamespace(hashValue, experiment.namespace)) return false;
  return !experiment.condition || evalCondition(attributes, experiment.condition);
}
