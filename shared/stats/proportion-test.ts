import { normalQuantile, normalTwoSided } from './distributions.ts';
import { relativeLift, symmetricInterval } from './interval.ts';
import type { Interval } from './interval.ts';

/** Users and conversions of one group. */
export interface ProportionSample {
  users: number;
  conversions: number;
}

/** A comparison of a treatment against the control. */
export interface Comparison {
  /** The z or t statistic. */
  statistic: number;
  /** Two-sided p-value of "no difference". */
  pValue: number;
  /** treatment − control, with its CI. */
  absoluteLift: Interval;
  /** treatment / control − 1, with its CI by the delta method. */
  relativeLift: Interval;
  /** Standard error of the absolute difference (unpooled), for sequential tests. */
  standardError: number;
}

/**
 * The two-proportion z-test: the statistic uses the pooled rate (the null hypothesis says both rates are equal);
 * the intervals use unpooled standard errors (Wald). `confidence` defaults to 0.95. Undefined quantities (no
 * users, a zero control rate) come out as NaN, which JSON renders as null.
 */
export function twoProportionZTest(
  control: ProportionSample,
  treatment: ProportionSample,
  confidence = 0.95,
): Comparison {
  const p0 = control.conversions / control.users;
  const p1 = treatment.conversions / treatment.users;
  const pooled = (control.conversions + treatment.conversions) / (control.users + treatment.users);
  const pooledError = Math.sqrt(pooled * (1 - pooled) * (1 / control.users + 1 / treatment.users));
  const statistic = (p1 - p0) / pooledError;
  const v0 = (p0 * (1 - p0)) / control.users;
  const v1 = (p1 * (1 - p1)) / treatment.users;
  const standardError = Math.sqrt(v0 + v1);
  const critical = normalQuantile(1 - (1 - confidence) / 2);
  const relative = relativeLift(p0, v0, p1, v1);
  return {
    statistic,
    pValue: normalTwoSided(statistic),
    absoluteLift: symmetricInterval(p1 - p0, standardError, critical),
    relativeLift: symmetricInterval(relative.estimate, relative.standardError, critical),
    standardError,
  };
}
