import { describe, expect, it } from 'vitest';
import { createBreadcrumbs } from '../capture/breadcrumbs.ts';
import type { Client } from '../types.ts';
import { pageViewsCollector } from './page-views.ts';

type Captured = Parameters<Client['capture']>[0];

/** The real window's pieces, without `navigation`, as in browsers that lack the Navigation API. */
function windowWithoutNavigationApi(): Window {
  return {
    location: window.location,
    document: window.document,
    history: window.history,
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window),
  } as unknown as Window;
}

describe.each([
  ['with the Navigation API', () => window],
  ['with the History API only', windowWithoutNavigationApi],
])('SPA page views %s', (_case, target) => {
  it('records the load, pushes and replaces that change the path or query, and back navigation', async () => {
    const start = location.pathname + location.search;
    const captured: Captured[] = [];
    const breadcrumbs = createBreadcrumbs();
    const collector = pageViewsCollector(breadcrumbs, target());
    collector.start({ capture: (event: Captured) => captured.push(event) } as unknown as Client);
    history.pushState({}, '', '/contacts/12?utm_source=mail');
    history.replaceState({}, '', '/contacts/12?utm_source=mail#notes');
    history.replaceState({}, '', '/contacts/12/edit');
    const popped = new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
    history.back();
    await popped;
    await new Promise((resolve) => setTimeout(resolve, 0));
    collector.stop();
    history.replaceState({}, '', start);
    expect(captured.map((event) => [event.props?.cause, event.props?.route])).toEqual([
      ['load', expect.any(String)],
      ['push', '/contacts/:id'],
      ['replace', '/contacts/:id/edit'],
      ['pop', expect.any(String)],
    ]);
    expect(captured[1]!.props).toMatchObject({ utm: { source: 'mail' } });
    expect(breadcrumbs.list().map((crumb) => crumb.category)).toEqual([
      'navigation',
      'navigation',
      'navigation',
      'navigation',
    ]);
  });
});
