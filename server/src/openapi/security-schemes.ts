import { SESSION_COOKIE } from '../sessions/session-middleware.ts';
import type { Caller } from './operation.ts';

/** The credentials the API takes, as OpenAPI security schemes. */
export const SECURITY_SCHEMES = {
  writeKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'The public write key (in every page; can only send data). Beacons may carry it in the body as `writeKey` instead. Browser origins outside `INSIGHTS_ALLOWED_ORIGINS` get 403.',
  },
  readKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'The secret read key: reads everything, changes nothing.',
  },
  staffToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A staff token (`INSIGHTS_STAFF_TOKENS`), or the session token a paired extension got from `POST /api/extension/pair`: reads and changes.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      "The dashboard's session (`POST /api/session`): works like the key it was signed in with. A change made with it must come from the dashboard's own origin and a staff session.",
  },
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description: '`INSIGHTS_METRICS_TOKEN`, for a Prometheus scraper.',
  },
} as const;

type SchemeName = keyof typeof SECURITY_SCHEMES;

const SCHEMES_OF: Record<Exclude<Caller, 'public'>, SchemeName[]> = {
  write: ['writeKey'],
  read: ['readKey', 'sessionCookie'],
  staff: ['staffToken', 'sessionCookie'],
  metrics: ['metricsToken'],
};

/** An operation's `security`: any one of the schemes its callers use (none for a public route). */
export function securityOf(callers: readonly Caller[]): Record<string, string[]>[] {
  const names = new Set(callers.flatMap((caller) => (caller === 'public' ? [] : SCHEMES_OF[caller])));
  // In the order the schemes are declared, so the session cookie comes after the keys it stands in for.
  return (Object.keys(SECURITY_SCHEMES) as SchemeName[])
    .filter((name) => names.has(name))
    .map((name) => ({ [name]: [] }));
}
