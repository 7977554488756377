export { erfc, logGamma, regularizedBeta, regularizedGammaP, regularizedGammaQ } from './special-functions.ts';
export {
  chiSquareCdf,
  chiSquareSurvival,
  normalCdf,
  normalQuantile,
  normalTwoSided,
  studentTCdf,
  studentTQuantile,
  studentTTwoSided,
} from './distributions.ts';
export { relativeLift, symmetricInterval } from './interval.ts';
export type { Interval } from './interval.ts';
export { twoProportionZTest } from './proportion-test.ts';
export type { Comparison, ProportionSample } from './proportion-test.ts';
export { summarize, welchTTest } from './welch-t-test.ts';
export type { MeanSample, WelchComparison } from './welch-t-test.ts';
export { sampleRatioMismatch } from './sample-ratio-mismatch.ts';
export type { SampleRatioCheck } from './sample-ratio-mismatch.ts';
export { defaultMixingVariance, msprtPValue } from './sequential.ts';
