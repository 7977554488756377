import type { ComponentType } from 'preact';
import type { PageProps } from './page-props.ts';

/**
 * Every page of the dashboard, in navigation order. The Overview ships in the first bundle; each other page is
 * its own chunk, loaded with import() the first time it is opened.
 */
export const PAGES: readonly { key: string; title: string; load: () => Promise<ComponentType<PageProps>> }[] = [
  {
    key: 'overview',
    title: 'Overview',
    load: () => import('./pages/overview-page.tsx').then((module) => module.OverviewPage),
  },
  {
    key: 'experiments',
    title: 'Experiments',
    load: () => import('./pages/experiments-page.tsx').then((module) => module.ExperimentsPage),
  },
  { key: 'flags', title: 'Flags', load: () => import('./pages/flags-page.tsx').then((module) => module.FlagsPage) },
  {
    key: 'product',
    title: 'Product analytics',
    load: () => import('./pages/product-page.tsx').then((module) => module.ProductPage),
  },
  { key: 'errors', title: 'Errors', load: () => import('./pages/errors-page.tsx').then((module) => module.ErrorsPage) },
  {
    key: 'performance',
    title: 'Performance',
    load: () => import('./pages/performance-page.tsx').then((module) => module.PerformancePage),
  },
  {
    key: 'feedback',
    title: 'Feedback',
    load: () => import('./pages/feedback-page.tsx').then((module) => module.FeedbackPage),
  },
  {
    key: 'sessions',
    title: 'Sessions',
    load: () => import('./pages/sessions-page.tsx').then((module) => module.SessionsPage),
  },
  {
    key: 'operations',
    title: 'Operations',
    load: () => import('./pages/operations-page.tsx').then((module) => module.OperationsPage),
  },
];
