/**
 * web-vitals' metric id, the key the API upserts a metric's reports by: `v5-`, the time and a random number, as
 * web-vitals writes it, but both in base 36 (`v5-mhx3k2p1-1kq9x0d7w3`). Two reasons, both measured on the bench
 * page (docs/performance.md, "The ninth session"):
 * - web-vitals turns `Date.now()` into decimal text through a template. V8 caches such conversions of numbers too
 *   big for a small integer in a table that starts at 1.5 KB and grows to 48 KB of heap at its first collision,
 *   and successive `Date.now()` values collide: the ids grew it on every page load. `toString(36)` does not use it.
 * - Its 13-digit runs look like card numbers to the scrubber's pre-test, so every scrub pattern ran on each vital
 *   at start and V8 compiled them all to machine code. Base 36 has no such run.
 * The server treats the id as opaque. The build swaps this module in for web-vitals' `lib/generateUniqueID.js`
 * (scripts/web-vitals-id.mjs).
 */
export const generateUniqueID = (): string =>
  `v5-${Date.now().toString(36)}-${Math.floor(Math.random() * 2 ** 52).toString(36)}`;
