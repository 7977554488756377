/** A point estimate with its confidence interval. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** `estimate ± critical × standardError`. */
export function symmetricInterval(estimate: number, standardError: number, critical: number): Interval {
  return { estimate, lower: estimate - critical * standardError, upper: estimate + critical * standardError };
}

/**
 * The relative lift `treatment / control − 1` with its standard error by the delta method:
 * Var(T/C) ≈ Var(T)/C² + T²·Var(C)/C⁴ for independent groups.
 */
export function relativeLift(
  control: number,
  controlVariance: number,
  treatment: number,
  treatmentVariance: number,
): { estimate: number; standardError: number } {
  return {
    estimate: treatment / control - 1,
    standardError: Math.sqrt(treatmentVariance / control ** 2 + (treatment ** 2 * controlVariance) / control ** 4),
  };
}
