/**
 * The flag and experiment configuration, shared by the widget, the extension and the server. The shapes follow
 * GrowthBook's feature payload (rules with `condition`, `force`, `coverage`, `variations`, `weights`, `namespace`,
 * `hashAttribute`, `hashVersion`, `meta`, …) so a payload written for their SDKs evaluates the same here, plus a
 * declared `type` per flag so a config can be validated before anyone evaluates it.
 */

/** Any JSON value a flag can take. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The declared type of a flag; `json` allows objects and arrays. */
export type FlagType = 'boolean' | 'string' | 'number' | 'json';

/** A MongoDB-style targeting condition over the attributes (GrowthBook's condition syntax). */
export type Condition = Record<string, unknown>;

/** Who is being evaluated: `id` is the default hash attribute, any other key can target or hash. */
export type Attributes = Record<string, unknown>;

/** A half-open interval `[start, end)` of the hash space 0–1. */
export type BucketRange = [number, number];

/** Mutual exclusion: users whose namespace hash falls in `[start, end)` of namespace `id` may enter. */
export type Namespace = [id: string, start: number, end: number];

/** A variation's stable key (sent in exposure events and sticky docs) and a display name. */
interface VariationMeta {
  key?: string;
  name?: string;
}

/** Fields every rule may carry. */
interface RuleBase {
  /** Stable id, reported in evaluation details (`detail.ruleId`). */
  id?: string;
  /** Targeting: the rule applies only when the attributes match. */
  condition?: Condition;
}

/**
 * Forces a value. Without `coverage`/`range` it is a targeting rule (source `rule` with a condition, `force`
 * without); with them it is a percentage rollout (source `rollout`).
 */
export interface ForceRule extends RuleBase {
  force: JsonValue;
  /** Share of users (0–1) who get the forced value; a user is in when `hash(seed, value) <= coverage`. */
  coverage?: number;
  /** Alternative to `coverage`: users whose hash falls in this range get the value. */
  range?: BucketRange;
  hashAttribute?: string;
  /** Defaults to the flag key. */
  seed?: string;
  /** 1 (GrowthBook's legacy default for rules) or 2. */
  hashVersion?: number;
}

/** An A/B experiment: each variation is a flag value. */
export interface ExperimentRule extends RuleBase {
  /** The experiment key (defaults to the flag key); exposures and results use it. */
  key?: string;
  variations: JsonValue[];
  /** Share of traffic per variation, summing to 1; equal when absent. */
  weights?: number[];
  /** Share of eligible users (0–1) who enter the experiment at all. */
  coverage?: number;
  hashAttribute?: string;
  /** Used when `hashAttribute` is empty, only with sticky bucketing (GrowthBook's rule). */
  fallbackAttribute?: string;
  seed?: string;
  hashVersion?: number;
  namespace?: Namespace;
  /** Per variation: the key reported in exposures (defaults to the index as a string). */
  meta?: VariationMeta[];
  /** Explicit ranges instead of weights × coverage. */
  ranges?: BucketRange[];
  name?: string;
  /** Bumping it re-buckets sticky users; versions below `minBucketVersion` are excluded. */
  bucketVersion?: number;
  minBucketVersion?: number;
  disableStickyBucketing?: boolean;
  /** `false` stops new assignments (everyone gets the default). */
  active?: boolean;
}

/** One rule: either a forced value (targeting or rollout) or an experiment. */
export type FlagRule = ForceRule | ExperimentRule;

/** A flag: its type, the value when no rule applies, and its rules in order (first match wins). */
export interface FlagDefinition {
  type: FlagType;
  defaultValue: JsonValue;
  description?: string;
  rules?: FlagRule[];
}

/** The whole configuration the server serves and the widget caches. */
export interface FlagsConfig {
  /** Increases with every admin change; the server sets it. */
  version?: number;
  flags: Record<string, FlagDefinition>;
  /** The public key (JWK, ECDSA P-256) that verifies signed override tokens; the server adds it. */
  overrideTokenPublicKey?: JsonWebKey;
}

/** What staff forced through the extension (or a test): values, variations and simulated attributes. */
export interface Overrides {
  /** Flag key → forced value. */
  flags?: Record<string, JsonValue>;
  /** Experiment key → variation index or variation key. */
  experiments?: Record<string, number | string>;
  /** Attributes laid over the real ones, to see the page as another user. */
  attributes?: Attributes;
}

/** Where a flag's value came from. */
export type FlagSource = 'default' | 'rule' | 'force' | 'rollout' | 'experiment' | 'override' | 'missing';

/** The experiment side of an evaluation, when an experiment rule decided (or was forced). */
export interface ExperimentAssignment {
  key: string;
  /** Variation index. */
  variation: number;
  /** Variation key, as in exposure events. */
  variationKey: string;
  hashAttribute: string;
  hashValue: string;
  /** The user's hash (0–1) when the hash decided. */
  bucket?: number;
  stickyBucketUsed: boolean;
}

/** Why a flag has its value. */
export interface FlagDetail {
  key: string;
  value: JsonValue;
  source: FlagSource;
  /** The id of the rule that decided (`''` when none). */
  ruleId: string;
  /** Set when an experiment decided the value. */
  experiment?: ExperimentAssignment;
  /** Whether a hash of the user decided (rollouts and experiments). */
  hashUsed: boolean;
  /** Whether an override (forced value, forced variation or simulated attributes) decided. */
  forced: boolean;
}

/** A sticky bucketing document: one per hash attribute value, GrowthBook's shape. */
export interface StickyAssignmentDoc {
  attributeName: string;
  attributeValue: string;
  /** `experimentKey__bucketVersion` → variation key. */
  assignments: Record<string, string>;
}

/** Sticky docs keyed by `attributeName||attributeValue`. */
export type StickyAssignmentDocs = Record<string, StickyAssignmentDoc>;

/** Options for one evaluation. */
export interface EvaluateOptions {
  /**
   * Turns sticky bucketing on: the user's stored assignments. A user keeps the variation stored here even when
   * weights or coverage change; the result carries the doc to store back when it changed.
   */
  stickyBucketDocs?: StickyAssignmentDocs;
}

/** The result of `evaluateFlag`: the value, why, and a sticky doc to persist when one changed. */
export interface FlagEvaluation {
  value: JsonValue;
  detail: FlagDetail;
  /** Present when sticky bucketing is on and this evaluation created or changed an assignment. */
  stickyBucketDoc?: StickyAssignmentDoc;
}
