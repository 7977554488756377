import { describe, expect, it } from 'vitest';
import { createBreadcrumbs } from '../capture/breadcrumbs.ts';
import type { EventInput } from '../pipeline/event-input.ts';
import { pageViewsCollector } from './page-views.ts';

type Captured = EventInput;

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
    const stop = collector.setup({ capture: (event) => void captured.push(event), track: () => undefined });
    history.pushState({}, '', '/contacts/12?utm_source=mail');
    history.replaceState({}, '', '/contacts/12?utm_source=mail#notes');
    history.replaceState({}, '', '/contacts/12/edit');
    const popped = new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
    history.back();
    await popped;
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    history.replaceState({}, '', start);
    const pages = captured.flatMap((event) => (event.type === 'page' ? [event.props] : []));
    expect(pages.map((props) => [props.cause, props.route])).toEqual([
      ['load', expect.any(String)],
      ['push', '/contacts/:id'],
      ['replace', '/contacts/:id/edit'],
      ['pop', expect.any(String)],
    ]);
    expect(pages[1]).toMatchObject({ utm: { source: 'mail' } });
    expect(breadcrumbs.list().map((crumb) => crumb.category)).toEqual([
      'navigation',
      'navigation',
      'navigation',
      'navigation',
    ]);
  });
});
