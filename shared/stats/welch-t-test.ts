import { normalQuantile, studentTQuantile, studentTTwoSided } from './distributions.ts';
import { relativeLift, symmetricInterval } from './interval.ts';
import type { Comparison } from './proportion-test.ts';

/** Summary statistics of one group of a continuous metric; `variance` is the sample variance (n − 1). */
export interface MeanSample {
  users: number;
  mean: number;
  variance: number;
}

/** Welch's test additionally reports its degrees of freedom. */
export interface WelchComparison extends Comparison {
  degreesOfFreedom: number;
}

/** Summary statistics (count, mean, sample variance) of a list of values. */
export function summarize(values: readonly number[]): MeanSample {
  const users = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / users;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { users, mean, variance: users > 1 ? squares / (users - 1) : NaN };
}

/**
 * Welch's unequal-variance t-test with Welch–Satterthwaite degrees of freedom. The absolute interval uses the t
 * quantile at those degrees of freedom; the relative one (delta method) the normal quantile, as it is itself a
 * large-sample approximation.
 */
export function welchTTest(control: MeanSample, treatment: MeanSample, confidence = 0.95): WelchComparison {
  const v0 = control.variance / control.users;
  const v1 = treatment.variance / treatment.users;
  const standardError = Math.sqrt(v0 + v1);
  const difference = treatment.mean - control.mean;
  const statistic = difference / standardError;
  const degreesOfFreedom = (v0 + v1) ** 2 / (v0 ** 2 / (control.users - 1) + v1 ** 2 / (treatment.users - 1));
  const tail = 1 - (1 - confidence) / 2;
  const relative = relativeLift(control.mean, v0, treatment.mean, v1);
  return {
    statistic,
    degreesOfFreedom,
    pValue: studentTTwoSided(statistic, degreesOfFreedom),
    absoluteLift: symmetricInterval(difference, standardError, studentTQuantile(tail, degreesOfFreedom)),
    relativeLift: symmetricInterval(relative.estimate, relative.standardError, normalQuantile(tail)),
    standardError,
  };
}
