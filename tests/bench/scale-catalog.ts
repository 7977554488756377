import type { Random } from './scale-random.ts';

/**
 * What the simulated CRM is made of: its pages (with the route template the widget derives), the API calls
 * each page makes, how fast each page tends to be, and the bugs it ships (a few dozen error fingerprints).
 */
export interface SimRoute {
  template: string;
  title: string;
  weight: number;
  /** The API routes a view of this page calls (`METHOD /template`). */
  apis: readonly string[];
  /** How much slower than the typical page its LCP and API calls are. */
  slowness: number;
}

export const ROUTES: readonly SimRoute[] = [
  { template: '/', title: 'Home', weight: 3, apis: ['GET /api/dashboard', 'GET /api/tasks'], slowness: 1 },
  { template: '/contacts', title: 'Contacts', weight: 6, apis: ['GET /api/contacts'], slowness: 1.2 },
  {
    template: '/contacts/:id',
    title: 'Contact',
    weight: 10,
    apis: ['GET /api/contacts/:id', 'GET /api/contacts/:id/activities'],
    slowness: 1,
  },
  { template: '/companies/:id', title: 'Company', weight: 3, apis: ['GET /api/companies/:id'], slowness: 1 },
  { template: '/deals', title: 'Deals', weight: 4, apis: ['GET /api/deals'], slowness: 1.1 },
  {
    template: '/deals/:id',
    title: 'Deal',
    weight: 8,
    apis: ['GET /api/deals/:id', 'PATCH /api/deals/:id'],
    slowness: 1,
  },
  { template: '/pipeline', title: 'Pipeline', weight: 6, apis: ['GET /api/pipeline', 'GET /api/deals'], slowness: 1.4 },
  { template: '/tasks', title: 'Tasks', weight: 3, apis: ['GET /api/tasks', 'POST /api/tasks'], slowness: 0.9 },
  { template: '/reports/:id', title: 'Report', weight: 2, apis: ['GET /api/reports/:id'], slowness: 2.2 },
  { template: '/settings', title: 'Settings', weight: 1, apis: ['GET /api/settings'], slowness: 0.8 },
];

const ROUTE_WEIGHT = ROUTES.reduce((total, route) => total + route.weight, 0);

/** A page, weighted by how often CRM users open it. */
export function pickRoute(random: Random): SimRoute {
  let target = random.next() * ROUTE_WEIGHT;
  for (const route of ROUTES) {
    target -= route.weight;
    if (target < 0) return route;
  }
  return ROUTES[ROUTES.length - 1]!;
}

/** A concrete path for a template: `/contacts/:id` → `/contacts/48213`. */
export function concretePath(template: string, random: Random): string {
  return template.replace(':id', String(1 + random.int(50_000)));
}

/** One shipped bug: what the widget reports for it, and where. */
export interface SimBug {
  fingerprint: string;
  kind: 'js' | 'network' | 'api';
  type: string;
  message: string;
  file: string;
  fn: string;
  line: number;
}

const BUG_TYPES = [
  ['js', 'TypeError', "Cannot read properties of undefined (reading 'stage')"],
  ['js', 'TypeError', 'deal.value.toFixed is not a function'],
  ['js', 'RangeError', 'Invalid time value'],
  ['js', 'ReferenceError', 'pipelineColumns is not defined'],
  ['js', 'Error', 'ResizeObserver loop completed with undelivered notifications'],
  ['api', 'ApiError', 'PATCH /api/deals/:id answered 409'],
  ['network', 'HttpError', 'GET /api/reports/:id answered 504'],
  ['network', 'NetworkError', 'GET /api/contacts failed: TypeError: Failed to fetch'],
] as const;

/** `count` distinct bugs (fingerprints), the first ones far more frequent than the last (see `pickBug`). */
export function createBugs(random: Random, count: number): SimBug[] {
  return Array.from({ length: count }, (_, index) => {
    const [kind, type, message] = BUG_TYPES[index % BUG_TYPES.length]!;
    const module = random.pick(['pipeline', 'contacts', 'deals', 'reports', 'tasks', 'vendor']);
    return {
      fingerprint: random.uuid().replace(/-/g, '').slice(0, 16),
      kind,
      type,
      message: index < BUG_TYPES.length ? message : `${message} (${module} #${index})`,
      file: `https://crm.example.com/assets/${module}-${random.uuid().slice(0, 8)}.js`,
      fn: `${module}${random.pick(['Render', 'Load', 'Save', 'Update'])}`,
      line: 1 + random.int(4000),
    };
  });
}

/** A bug, a few of them accounting for most errors (as in any real error tracker). */
export function pickBug(random: Random, bugs: readonly SimBug[]): SimBug {
  return bugs[Math.min(bugs.length - 1, Math.floor(bugs.length * random.next() ** 2.5))]!;
}
