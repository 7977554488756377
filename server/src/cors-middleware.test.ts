import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { corsMiddleware } from './cors-middleware.ts';
import { HttpError, renderError } from './http-errors.ts';

const app = new Hono();
app.use(
  '*',
  corsMiddleware({
    allowOrigin: (origin) => (origin === 'https://crm.test' ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['Retry-After', 'ETag'],
    maxAgeSeconds: 600,
  }),
);
app.get('/ok', (context) => context.json({ ok: true }));
app.get('/limited', () => {
  throw new HttpError(429, 'slow down', undefined, { 'Retry-After': '15' });
});
app.onError(renderError);

const corsHeaders = (response: Response) =>
  Object.fromEntries(
    [...response.headers].filter(
      ([name]) => name.startsWith('access-control-') || name === 'vary' || name === 'retry-after',
    ),
  );

it.each<[string, string, Record<string, string>]>([
  ['an allowed origin', 'https://crm.test', { 'access-control-allow-origin': 'https://crm.test' }],
  ['another origin', 'https://evil.test', {}],
])('answers a preflight from %s with 204 and the allowed methods and headers', async (_label, origin, allowed) => {
  const response = await app.request('/ok', {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
  });
  expect(response.status).toBe(204);
  expect(await response.text()).toBe('');
  expect(corsHeaders(response)).toEqual({
    ...allowed,
    'access-control-allow-headers': 'Authorization,Content-Type',
    'access-control-allow-methods': 'GET,HEAD,PUT,POST,DELETE,PATCH,QUERY',
    'access-control-expose-headers': 'Retry-After,ETag',
    'access-control-max-age': '600',
    vary: 'Origin, Access-Control-Request-Headers',
  });
});

it.each<[string, string, number, Record<string, string>]>([
  ['a route answer', '/ok', 200, {}],
  ['an error answer, whose Retry-After the page must be able to read', '/limited', 429, { 'retry-after': '15' }],
])('adds the CORS headers to %s and keeps its body', async (_label, path, status, extra) => {
  const response = await app.request(path, { headers: { Origin: 'https://crm.test' } });
  expect(response.status).toBe(status);
  expect(corsHeaders(response)).toEqual({
    'access-control-allow-origin': 'https://crm.test',
    'access-control-expose-headers': 'Retry-After,ETag',
    vary: 'Origin',
    ...extra,
  });
  expect(await response.json()).toEqual(status === 200 ? { ok: true } : { error: 'slow down' });
});

it('allows no origin to a page from another one', async () => {
  const response = await app.request('/ok', { headers: { Origin: 'https://evil.test' } });
  expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
  expect(response.headers.get('Vary')).toBe('Origin');
});
