import type { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveAssets } from './assets/serve-assets.ts';

/**
 * Serves the built widget (`/insights.js`, `/insights/*` chunks) and the demo CRM (`/demo/`) from `publicDir`,
 * precompressed and cacheable (see `serveAssets` and `cachePolicy`).
 * The demo's HTML carries the write key placeholder a customer's template would fill in; it is filled here.
 */
export function mountStatic(app: Hono, publicDir: string, writeKey: string): void {
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
  const assets = serveAssets(publicDir, cachePolicy);
  app.use('/demo/*', assets);
  app.use('/insights.js', assets);
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
  if (path === '/insights.js') return 'public, max-age=300';
  return 'no-cache';
}
