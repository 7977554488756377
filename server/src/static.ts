import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Serves the built widget (`/insights.js`, `/insights/*` chunks) and the demo CRM (`/demo/`) from `publicDir`.
 * The demo's HTML carries the write key placeholder a customer's template would fill in; it is filled here.
 */
export function mountStatic(app: Hono, publicDir: string, writeKey: string): void {
  const root = relative(process.cwd(), publicDir) || '.';
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
  app.use('/demo/*', serveStatic({ root }));
  app.use('/insights.js', serveStatic({ root, onFound: (_path, context) => context.header('Cache-Control', 'no-cache') }));
  app.use('/insights/*', serveStatic({ root }));
}

/** The policy of every HTML page served: scripts, styles and connections from this origin only, no framing. */
export const HTML_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/**
 * The replay viewer's: rrweb rebuilds the recorded page's stylesheets as `<style>` elements inside its sandboxed
 * iframe, which inherits this policy, so inline styles (never scripts) are allowed there.
 */
export const REPLAY_VIEWER_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * `X-Content-Type-Options: nosniff` on every response, so an uploaded or echoed text is never run as script or
 * page, and a Content-Security-Policy on every HTML one.
 */
export const securityHeaders: MiddlewareHandler = async (context, next) => {
  await next();
  const headers = context.res.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  if (!headers.get('Content-Type')?.startsWith('text/html')) return;
  headers.set('Content-Security-Policy', new URL(context.req.url).pathname.startsWith('/demo/replay/') ? REPLAY_VIEWER_CSP : HTML_CSP);
};
