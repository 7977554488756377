import { describe, expect, it } from 'vitest';
import reference from '../../tests/fixtures/stats/reference.json' with { type: 'json' };
import { chiSquareCdf, normalCdf, normalQuantile, studentTCdf, studentTQuantile } from './distributions.ts';
import type { Interval } from './interval.ts';
import { twoProportionZTest } from './proportion-test.ts';
import { sampleRatioMismatch } from './sample-ratio-mismatch.ts';
import { defaultMixingVariance, msprtPValue } from './sequential.ts';
import { summarize, welchTTest } from './welch-t-test.ts';

// Every expected number here was computed by jStat (an independent package) in
// tests/fixtures/stats/make-reference.mjs; this project's implementations must agree to 1e-6.
const TOLERANCE = 1e-6;

function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThan(TOLERANCE);
}

function closeInterval(actual: Interval, expected: Interval): void {
  close(actual.estimate, expected.estimate);
  close(actual.lower, expected.lower);
  close(actual.upper, expected.upper);
}

describe('distributions match jStat', () => {
  it.each(reference.normalCdf)('Φ($x) = $p', ({ x, p }) => close(normalCdf(x), p));
  it.each(reference.normalQuantile)('Φ⁻¹($p) = $x', ({ p, x }) => close(normalQuantile(p), x));
  it.each(reference.studentTCdf)('T_$df($t) = $p', ({ t, df, p }) => close(studentTCdf(t, df), p));
  it.each(reference.studentTQuantile)('T_$df⁻¹($p) = $t', ({ p, df, t }) => close(studentTQuantile(p, df), t));
  it.each(reference.chiSquareCdf)('χ²_$k($x) = $p', ({ x, k, p }) => close(chiSquareCdf(x, k), p));
});

describe('two-proportion z-test matches the reference', () => {
  it.each(reference.proportions)(
    '$control.conversions/$control.users vs $treatment.conversions/$treatment.users',
    (row) => {
      const result = twoProportionZTest(row.control, row.treatment);
      close(result.statistic, row.statistic);
      close(result.pValue, row.pValue);
      closeInterval(result.absoluteLift, row.absoluteLift);
      closeInterval(result.relativeLift, row.relativeLift);
      const p0 = row.control.conversions / row.control.users;
      close(msprtPValue(result.absoluteLift.estimate, result.standardError ** 2, defaultMixingVariance(p0)), row.msprt);
    },
  );
});

describe("Welch's t-test matches the reference", () => {
  it.each(reference.means.map((row, index) => ({ index, ...row })))('case $index', (row) => {
    const control = summarize(row.controlValues);
    const treatment = summarize(row.treatmentValues);
    close(control.mean, row.control.mean);
    close(control.variance, row.control.variance);
    const result = welchTTest(control, treatment);
    close(result.statistic, row.statistic);
    close(result.degreesOfFreedom, row.degreesOfFreedom);
    close(result.pValue, row.pValue);
    closeInterval(result.absoluteLift, row.absoluteLift);
    closeInterval(result.relativeLift, row.relativeLift);
    close(
      msprtPValue(result.absoluteLift.estimate, result.standardError ** 2, defaultMixingVariance(control.mean)),
      row.msprt,
    );
  });
});

describe('sample-ratio mismatch matches the reference', () => {
  it.each(reference.srm)('$observed against $weights', ({ observed, weights, chiSquare, pValue }) => {
    const result = sampleRatioMismatch(observed, weights);
    close(result.chiSquare, chiSquare);
    close(result.pValue, pValue);
    expect(result.mismatch).toBe(pValue < 0.001);
  });
});

describe('edge cases', () => {
  it('gives NaN (JSON null), not a throw, for empty groups and a zero control rate', () => {
    const empty = twoProportionZTest({ users: 0, conversions: 0 }, { users: 10, conversions: 1 });
    expect(empty.pValue).toBeNaN();
    const zeroControl = twoProportionZTest({ users: 100, conversions: 0 }, { users: 100, conversions: 5 });
    expect(Number.isFinite(zeroControl.pValue)).toBe(true);
    expect(zeroControl.relativeLift.estimate).toBe(Infinity);
    expect(msprtPValue(0.1, 0, 1)).toBeNaN();
    expect(sampleRatioMismatch([0, 0], [0.5, 0.5]).pValue).toBeNaN();
  });

  it('the sequential p-value falls as the same effect is seen on more users, and stays at 1 with no effect', () => {
    const few = twoProportionZTest({ users: 500, conversions: 50 }, { users: 500, conversions: 65 });
    const many = twoProportionZTest({ users: 20000, conversions: 2000 }, { users: 20000, conversions: 2600 });
    const tau2 = defaultMixingVariance(0.1);
    const early = msprtPValue(few.absoluteLift.estimate, few.standardError ** 2, tau2);
    const late = msprtPValue(many.absoluteLift.estimate, many.standardError ** 2, tau2);
    expect(late).toBeLessThan(early);
    expect(late).toBeLessThan(1e-6);
    expect(msprtPValue(0, 1e-4, tau2)).toBe(1);
    // Always-valid p-values are more conservative than the fixed-horizon one at the same data.
    expect(early).toBeGreaterThan(few.pValue);
  });
});
