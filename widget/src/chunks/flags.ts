// The flags chunk: the evaluation engine (GrowthBook-compatible conditions, hashing, rollouts, experiments, sticky
// bucketing) and the client that fetches, caches and refreshes the config. The script tag's core loads it at start
// and answers reads from the last page's snapshot meanwhile (see flags/lazy-flags.ts).
export { createFlagsClient } from '../flags/flags-client.ts';
