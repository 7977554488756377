import { randomBytes } from 'node:crypto';
import type { RateLimit } from './rate-limiter.ts';

/** The header a self-load-test's requests carry, with this process's secret nonce as the value. */
const LOAD_TEST_HEADER = 'X-Insights-Load-Test';

/** Made at start and never sent anywhere but this process's own loopback, so no client can claim the load-test bucket. */
const NONCE = randomBytes(16).toString('hex');

/** The bucket load tests spend: generous, since the load test's own bounds (requests, concurrency) cap it. */
export const LOAD_TEST_BUCKET: RateLimit = { perMinute: 120_000, burst: 5000 };

/** Headers that mark a request as this process's load test. */
export function loadTestHeaders(): Record<string, string> {
  return { [LOAD_TEST_HEADER]: NONCE };
}

/** Whether a request carries this process's load-test mark. */
export function isLoadTestRequest(request: Request): boolean {
  return request.headers.get(LOAD_TEST_HEADER) === NONCE;
}
