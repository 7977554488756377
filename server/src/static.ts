import type { Hono, MiddlewareHandler } from 'hono';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveAssets } from './assets/serve-assets.ts';

/**
 * Serves the built widget (`/insights.js`, its debug build `/insights.debug.js`, `/insights/*` chunks) and the demo CRM (`/demo/`) from `publicDir`,
 * precompressed and cacheable (see `serveAssets` and `cachePolicy`).
 * The demo's HTML carries the write key placeholder a customer's template would fill in; it is filled here.
 */
export function mountStatic(app: Hono, publicDir: string, writeKey: string): void {
  app.use('*', securityHeaders);
  app.get('/', (context) => context.redirect('/demo/'));
  app.get('/demo', (context) => context.redirect('/demo/'));
  app.get('/demo/*', async (context, next) => {
    const path = new URL(context.req.url).pathname;
    if (path.includes('.') && !path.endsWith('.html')) return next();
    const file = path.endsWith('.html') ? path.slice(1) : 'demo/index.html';
    try {
      const html = await readFile(join(publicDir, file), 'utf8');
      return context.html(html.replaceAll('__INSIGHTS_WRITE_KEY__', writeKey), 200, { 'Cache-Control': 'no-store' });
    } catch {
      // The path stays in the server's log: a visitor has no use for where the server's files live.
      console.warn(`[crm-insights] demo page ${file} not found in ${publicDir}: run "npm run build"`);
      return context.text('demo not built: run "npm run build" on the server', 404);
    }
  });
  const assets = serveAssets(publicDir, cachePolicy);
  app.use('/demo/*', assets);
  app.use('/insights.js', assets);
  app.use('/insights.debug.js', assets);
  app.use('/insights/*', assets);
}

/** Content-hashed chunk folders never change, so browsers keep them for a year. */
const HASHED_CHUNK = /^\/insights\/[0-9a-f]{12}\//;

/**
 * Caching by URL: chunks in a content-hashed folder forever; the loader (`insights.js`) five minutes, so a new
 * release reaches every page within minutes and then revalidates by ETag; everything else on every use.
 */
export function cachePolicy(path: string): string {
  if (HASHED_CHUNK.test(path)) return 'public, max-age=31536000, immutable';
  if (path === '/insights.js' || path === '/insights.debug.js') return 'public, max-age=300';
  return 'no-cache';
}

/** The policy of every HTML page served: scripts, styles and connections from this origin only, no framing. */
export const HTML_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/**
 * The replay viewer's: rrweb rebuilds the recorded page's stylesheets as `<style>` elements inside its sandboxed
 * iframe, which inherits this policy, so inline styles (never scripts) are allowed there.
 */
export const REPLAY_VIEWER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * `X-Content-Type-Options: nosniff` on every response, so an uploaded or echoed text is never run as script or
 * page, and a Content-Security-Policy on every HTML one.
 */
export const securityHeaders: MiddlewareHandler = async (context, next) => {
  await next();
  const headers = context.res.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  // A page that set its own policy (the dashboard's) keeps it.
  if (!headers.get('Content-Type')?.startsWith('text/html') || headers.has('Content-Security-Policy')) return;
  headers.set(
    'Content-Security-Policy',
    new URL(context.req.url).pathname.startsWith('/demo/replay/') ? REPLAY_VIEWER_CSP : HTML_CSP,
  );
};
