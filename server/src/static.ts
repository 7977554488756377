import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Serves the built widget (`/insights.js`, `/insights/*` chunks) and the demo CRM (`/demo/`) from `publicDir`.
 * The demo's HTML carries the write key placeholder a customer's template would fill in; it is filled here.
 */
export function mountStatic(app: Hono, publicDir: string, writeKey: string): void {
  const root = relative(process.cwd(), publicDir) || '.';
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
      return context.text(`demo not built: run "npm run build" (looked in ${publicDir})`, 404);
    }
  });
  app.use('/demo/*', serveStatic({ root }));
  app.use('/insights.js', serveStatic({ root, onFound: (_path, context) => context.header('Cache-Control', 'no-cache') }));
  app.use('/insights/*', serveStatic({ root }));
}
