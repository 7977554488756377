import { describe, expect, it } from 'vitest';
import { routeTemplate } from './route-template.ts';

describe('routeTemplate', () => {
  it.each([
    ['/contacts/123', '/contacts/:id'],
    ['/contacts/123/notes/9', '/contacts/:id/notes/:id'],
    ['/deals/0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b', '/deals/:uuid'],
    ['/deals/0190A1B2-3C4D-7E5F-8A9B-0C1D2E3F4A5B/stage', '/deals/:uuid/stage'],
    ['/files/5f2b8c9e1a3d4f6b7c8d9e0f', '/files/:hash'],
    ['/users/ada%40example.com', '/users/:email'],
    ['/sessions/01HZX3K9Q7T2M5N8P4R6S0V1W2', '/sessions/:token'],
    ['/reports/forecast', '/reports/forecast'],
    ['/api/v2/contacts', '/api/v2/contacts'],
    ['/contacts/123?tab=notes#top', '/contacts/:id'],
    ['/', '/'],
    ['', '/'],
    ['/accounts/42/summary', '/accounts/:id/summary'],
    ['/oauth/callback-handler-for-google', '/oauth/callback-handler-for-google'],
  ])('%s → %s', (path, expected) => {
    expect(routeTemplate(path)).toBe(expected);
  });
});
