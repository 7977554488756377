/**
 * An always-valid p-value from the mixture sequential probability ratio test (mSPRT) with a normal mixing
 * distribution N(0, τ²) over the effect (Johari, Pekelis, Walsh, "Always Valid Inference", 2017, eq. 11):
 *
 *   Λ = √(V / (V + τ²)) · exp(τ² θ̂² / (2V (V + τ²))),   p = min(1, 1/Λ)
 *
 * where θ̂ is the observed difference and V its variance. By Ville's inequality P(ever 1/Λ ≤ α) ≤ α, so the
 * experiment can be checked at any time without inflating false positives. Computed from the cumulative data at
 * the time of the request (not the running minimum over past looks), it is conservative.
 */
export function msprtPValue(difference: number, variance: number, mixingVariance: number): number {
  if (!(variance > 0) || !(mixingVariance > 0) || !Number.isFinite(difference)) return NaN;
  const total = variance + mixingVariance;
  const logLikelihoodRatio =
    0.5 * Math.log(variance / total) + (mixingVariance * difference ** 2) / (2 * variance * total);
  return Math.min(1, Math.exp(-logLikelihoodRatio));
}

/**
 * The default mixing variance: effects of about 10% of the control's level, the size experiments are usually
 * designed to detect; τ should be fixed before the experiment starts, which the control level approximates.
 */
export function defaultMixingVariance(controlLevel: number, relativeEffect = 0.1): number {
  return (relativeEffect * Math.abs(controlLevel)) ** 2;
}
