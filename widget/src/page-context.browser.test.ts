import { afterEach, describe, expect, it } from 'vitest';
import { pageReader } from './page-context.ts';

// In real Chromium: the reader's cache must never hand out a stale URL or title, whatever changed them in the same task.
describe('pageReader', () => {
  const start = location.href;
  afterEach(() => history.replaceState(null, '', start));

  it('hands back the same page while nothing changes', () => {
    const read = pageReader(window, document);
    const first = read();
    expect(first).toMatchObject({ url: location.href, path: location.pathname });
    expect(read()).toBe(first);
  });

  it('sees pushState, replaceState and a fragment change in the same task', () => {
    const read = pageReader(window, document);
    read();
    history.pushState(null, '', '/deals/7?tab=2');
    expect(read()).toMatchObject({ url: `${location.origin}/deals/7?tab=2`, path: '/deals/7' });
    history.replaceState(null, '', '/contacts');
    expect(read().path).toBe('/contacts');
    location.hash = 'notes';
    expect(read().url).toBe(`${location.origin}/contacts#notes`);
  });

  it('sees a new title', () => {
    const read = pageReader(window, document);
    const before = document.title;
    read();
    document.title = 'Deal 7 – CRM';
    try {
      expect(read().title).toBe('Deal 7 – CRM');
    } finally {
      document.title = before;
    }
  });
});
