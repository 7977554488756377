import * as v from 'valibot';
import { ALERT_KINDS } from './alert-kinds.ts';

export { ALERT_KINDS, KIND_DEFAULTS } from './alert-kinds.ts';

const Url = v.pipe(
  v.string(),
  v.url('must be a URL'),
  v.regex(/^https?:\/\//, 'must be http or https'),
  v.maxLength(2000, 'longer than 2000 characters'),
);
const Email = v.pipe(v.string(), v.trim(), v.email('must be an email address'), v.maxLength(320));

/** Where a rule's notifications go. */
export const ChannelSchema = v.variant('type', [
  v.object({ type: v.literal('slack'), url: Url }),
  v.object({
    type: v.literal('webhook'),
    url: Url,
    secret: v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'), v.maxLength(256)),
  }),
  v.object({
    type: v.literal('email'),
    to: v.pipe(v.array(Email), v.minLength(1, 'needs at least one address'), v.maxLength(20, 'at most 20 addresses')),
  }),
]);
export type AlertChannel = v.InferOutput<typeof ChannelSchema>;

const Positive = (max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.finite(),
    v.minValue(0, 'must not be negative'),
    v.maxValue(max, `must be at most ${max}`),
  );
const Whole = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** A rule as the API and the rules file take it; `id` is made from the name when absent. */
export const AlertRuleSchema = v.object({
  id: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (up to 63)')),
  ),
  name: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(200, 'longer than 200 characters'),
  ),
  kind: v.picklist(ALERT_KINDS, `must be one of ${ALERT_KINDS.join(', ')}`),
  /** The kind's threshold (its unit is the kind's: a factor, ms, points, a p-value, a rate, a score). */
  threshold: v.optional(Positive(1e9)),
  /** How far back the condition looks. */
  windowMinutes: v.optional(Whole(1, 60 * 24 * 30)),
  /** Fewest observations before the condition may fire (errors in the window, vitals samples, NPS answers). */
  minCount: v.optional(Whole(1, 1e6)),
  /** vitals.p75: the metric (LCP, INP, CLS, FCP, TTFB); ingest.errors: `5xx` or `429`. */
  metric: v.optional(v.pipe(v.string(), v.maxLength(20))),
  /** vitals.p75: one route only (else every route is its own key). */
  route: v.optional(v.pipe(v.string(), v.maxLength(500))),
  cooldownMinutes: v.optional(Whole(0, 60 * 24 * 7), 60),
  enabled: v.optional(v.boolean(), true),
  channels: v.pipe(v.array(ChannelSchema), v.maxLength(10, 'at most 10 channels')),
});

/** A stored rule. */
export type AlertRule = v.InferOutput<typeof AlertRuleSchema> & {
  id: string;
  source: 'api' | 'file';
  updatedAt: number;
};

/** A slug id from a name: `Checkout errors!` → `checkout-errors`. */
export function ruleIdFrom(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'rule'
  );
}
