import * as v from 'valibot';
import { describeIssues } from '../../../shared/protocol.ts';
import { readListFile } from '../read-list-file.ts';
import { ChannelSchema } from '../alerts/alert-rule.ts';

const Whole = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** One scaling policy as `SCALING_POLICIES_FILE` gives it. */
export const ScalingPolicySchema = v.pipe(
  v.object({
    name: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes')),
    /** A sampled metric (see the metrics list), replicas combined. */
    metric: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    /** Scale out when every sample over `durationSeconds` is above this. */
    threshold: v.pipe(v.number(), v.finite()),
    /** Scale in when every sample over `durationSeconds` is below this (default half the threshold). */
    scaleInThreshold: v.optional(v.pipe(v.number(), v.finite())),
    durationSeconds: Whole(10, 86_400),
    cooldownSeconds: Whole(0, 86_400),
    minReplicas: Whole(1, 1000),
    maxReplicas: Whole(1, 1000),
    /** Replicas added or removed per decision. */
    step: v.optional(Whole(1, 100), 1),
    channels: v.optional(v.array(ChannelSchema), []),
  }),
  v.check((policy) => policy.minReplicas <= policy.maxReplicas, 'minReplicas must not exceed maxReplicas'),
  v.check(
    (policy) => (policy.scaleInThreshold ?? policy.threshold / 2) < policy.threshold,
    'scaleInThreshold must be below threshold',
  ),
);
export type ScalingPolicy = v.InferOutput<typeof ScalingPolicySchema>;

/** Reads `SCALING_POLICIES_FILE` (`{ "policies": [...] }` or an array); a bad file stops the start with the field named. */
export function loadScalingPolicies(path: string): ScalingPolicy[] {
  return readListFile(path, 'SCALING_POLICIES_FILE', 'policies').map((input, index) => {
    const result = v.safeParse(ScalingPolicySchema, input);
    if (!result.success)
      throw new Error(`SCALING_POLICIES_FILE ${path}: policy ${index + 1}: ${describeIssues(result.issues)}`);
    return result.output;
  });
}
