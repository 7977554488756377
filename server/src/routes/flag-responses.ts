import * as v from 'valibot';
import { OVERRIDE_TOKEN_MAX_LIFETIME_MS } from '../../../shared/override-token.ts';

// Response schemas (and the loosely checked request bodies) of the flag and experiment routes, for the API
// document; the end-to-end test checks real answers against them. A flag definition is checked in depth by the
// flag store (shared/flags), so here its rules are shown as objects and docs/flags.md describes them.

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** One flag as configured: `{ type, defaultValue, description?, rules? }` (rules: see docs/flags.md). */
const FlagDefinitionSchema = v.looseObject({
  type: v.picklist(['boolean', 'string', 'number', 'json']),
  defaultValue: v.unknown(),
  description: v.optional(v.string()),
  rules: v.optional(v.array(v.record(v.string(), v.unknown()))),
});

/** The whole flags config. */
const FlagsConfigSchema = v.object({
  version: v.optional(v.number()),
  flags: v.record(v.string(), FlagDefinitionSchema),
});

/** `GET /flags/config`: the config with its version and the public key that verifies override tokens. */
export const FlagsConfigAnswer = v.strictObject({
  ...FlagsConfigSchema.entries,
  overrideTokenPublicKey: v.pipe(v.record(v.string(), v.unknown()), v.description('JWK, ECDSA P-256.')),
});

const ChangeFields = {
  note: v.optional(v.pipe(v.string(), v.maxLength(500))),
  author: v.optional(v.pipe(v.string(), v.maxLength(500))),
  baseVersion: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.description('The version this change was made on: 409 when it is no longer the latest.'),
    ),
  ),
};

/** `PUT /flags/config` body. */
export const ReplaceConfigBody = v.object({ config: FlagsConfigSchema, ...ChangeFields });

/** `PUT /flags/definitions/:key` body. */
export const SetFlagBody = v.object({ flag: FlagDefinitionSchema, ...ChangeFields });

/** What a config change answers: the new version and its ETag. */
export const ConfigChangedAnswer = v.strictObject({ version: Count, etag: v.string() });

const HistoryEntry = {
  version: Count,
  actor: v.pipe(v.string(), v.description('`file` or `staff:<token fingerprint>`.')),
  author: v.optional(v.string()),
  note: v.optional(v.string()),
  change: v.strictObject({
    kind: v.picklist(['file', 'replace', 'set-flag', 'delete-flag']),
    added: v.array(v.string()),
    removed: v.array(v.string()),
    changed: v.array(v.string()),
    file: v.optional(v.strictObject({ path: v.string(), sha256: v.string() })),
  }),
  createdAt: v.number(),
};

/** `GET /flags/history`: versions newest first, without their configs. */
export const FlagHistoryAnswer = v.strictObject({ versions: v.array(v.strictObject(HistoryEntry)) });

/** `GET /flags/history/:version`: one version with its config. */
export const FlagVersionAnswer = v.strictObject({ ...HistoryEntry, config: FlagsConfigSchema });

/** `POST /flags/override-token` body. */
export const OverrideTokenBody = v.object({
  origin: v.pipe(v.string(), v.description('The CRM page origin the token is for, e.g. https://crm.example.com.')),
  anonymousId: v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/), v.description("The widget's anonymous id on that page.")),
  ttlMinutes: v.optional(
    v.pipe(
      v.number(),
      v.description(`Lifetime in minutes: above 0, at most ${OVERRIDE_TOKEN_MAX_LIFETIME_MS / 60_000} (the default).`),
    ),
  ),
});

/** `POST /flags/override-token`. */
export const OverrideTokenAnswer = v.strictObject({
  token: v.string(),
  expiresAt: v.number(),
  publicKey: v.record(v.string(), v.unknown()),
});

/** `POST /experiments/assignments` body. */
export const AssignmentsBody = v.object({
  attributes: v.pipe(
    v.record(v.string(), v.unknown()),
    v.description('The user: `{ id, … }` as the rules match them.'),
  ),
  flags: v.optional(v.pipe(v.array(v.string()), v.maxLength(500), v.description('Only these flags (default all).'))),
  stickyBucketDocs: v.optional(v.record(v.string(), v.unknown())),
});

const ExperimentAssignment = v.strictObject({
  key: v.string(),
  variation: Count,
  variationKey: v.string(),
  hashAttribute: v.string(),
  hashValue: v.string(),
  bucket: v.optional(v.number()),
  stickyBucketUsed: v.boolean(),
});

/** `POST /experiments/assignments`: every flag's value and why, and the experiments that decided some. */
export const AssignmentsAnswer = v.strictObject({
  version: Count,
  flags: v.record(
    v.string(),
    v.strictObject({
      key: v.string(),
      value: v.unknown(),
      source: v.picklist(['default', 'rule', 'force', 'rollout', 'experiment', 'override', 'missing']),
      ruleId: v.string(),
      experiment: v.optional(ExperimentAssignment),
      hashUsed: v.boolean(),
      forced: v.boolean(),
    }),
  ),
  experiments: v.record(v.string(), v.strictObject({ flag: v.string(), ...ExperimentAssignment.entries })),
  stickyBucketDocs: v.optional(v.record(v.string(), v.unknown())),
});

/** A statistic, `null` where it is undefined (no users yet, zero variance): JSON has no NaN. */
const Stat = v.nullable(v.number());
const Interval = v.strictObject({ estimate: Stat, lower: Stat, upper: Stat });

/** `GET /experiments/results`. */
export const ExperimentResultsAnswer = v.strictObject({
  experiment: v.string(),
  control: v.string(),
  variations: v.array(v.string()),
  weights: v.array(v.number()),
  users: v.strictObject({
    included: Count,
    excludedForced: Count,
    excludedMultipleVariations: Count,
    excludedUnknownVariation: Count,
  }),
  srm: v.strictObject({
    chiSquare: Stat,
    degreesOfFreedom: Stat,
    pValue: Stat,
    expected: v.array(v.number()),
    mismatch: v.boolean(),
    observed: v.array(Count),
  }),
  metrics: v.array(
    v.strictObject({
      metric: v.string(),
      kind: v.picklist(['conversion', 'mean']),
      event: v.string(),
      property: v.optional(v.string()),
      variations: v.array(
        v.strictObject({
          variation: v.string(),
          users: Count,
          conversions: v.optional(Count),
          rate: v.optional(Stat),
          mean: v.optional(Stat),
          variance: v.optional(Stat),
          usersWithValue: v.optional(Count),
          comparison: v.optional(
            v.strictObject({
              statistic: Stat,
              pValue: Stat,
              absoluteLift: Interval,
              relativeLift: Interval,
              standardError: Stat,
              degreesOfFreedom: v.optional(Stat),
              sequentialPValue: Stat,
            }),
          ),
        }),
      ),
    }),
  ),
});

/** `GET /experiments/running`: each running experiment with its results. */
export const RunningExperimentsAnswer = v.strictObject({
  experiments: v.array(
    v.strictObject({
      key: v.string(),
      name: v.optional(v.string()),
      flag: v.string(),
      variations: v.array(v.string()),
      results: ExperimentResultsAnswer,
    }),
  ),
});
