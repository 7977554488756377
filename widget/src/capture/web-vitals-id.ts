/**
 * web-vitals' metric id (`v5-<ms since epoch>-<13 random digits>`, the key the API upserts a metric's reports by),
 * built without turning a number into text through a template or `String()`. V8 caches those conversions of
 * non-integer-sized numbers (`Date.now()` is one) in a table that starts at 1.5 KB and grows to 48 KB of heap at its
 * first collision, and successive `Date.now()` values collide: web-vitals' own ids (two per metric, six metrics at
 * start) grew it on every page load. `toFixed(0)` prints the same digits for these integers and does not use the
 * cache. The build swaps this module in for web-vitals' `lib/generateUniqueID.js` (scripts/web-vitals-id.mjs).
 * Measured in docs/performance.md ("The ninth session").
 */
export const generateUniqueID = (): string =>
  `v5-${Date.now().toFixed(0)}-${(Math.floor(Math.random() * (9e12 - 1)) + 1e12).toFixed(0)}`;
