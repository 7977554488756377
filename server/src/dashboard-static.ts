import type { Context, Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveAssets } from './assets/serve-assets.ts';
import { cachePolicy } from './static.ts';

/**
 * The dashboard's policy: this origin's scripts, styles and API only; no inline script or style, no eval, never
 * framed. Charts draw on canvas and set sizes through the CSSOM, which `style-src 'self'` allows.
 */
const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The replay frame's policy: scripts as strict, but rrweb rebuilds the recorded page's stylesheets as `<style>`
 * elements inside its sandboxed iframe, so styles need 'unsafe-inline' (as the demo's replay viewer); only the
 * dashboard itself may frame it.
 */
const REPLAY_FRAME_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

function secure(context: Context, csp: string): void {
  context.header('Content-Security-Policy', csp);
  context.header('X-Content-Type-Options', 'nosniff');
  context.header('Referrer-Policy', 'no-referrer');
  context.header('X-Frame-Options', csp === DASHBOARD_CSP ? 'DENY' : 'SAMEORIGIN');
}

/**
 * Serves the built dashboard at `/dashboard/`: its assets as files (precompressed), and `index.html` for every page path so a
 * shared deep link (`/dashboard/errors?range=7d`) opens the same view.
 */
export function mountDashboard(app: Hono, publicDir: string): void {
  app.get('/dashboard', (context) => context.redirect('/dashboard/'));
  app.use('/dashboard/*', async (context, next) => {
    const path = new URL(context.req.url).pathname;
    secure(context, path === '/dashboard/replay.html' ? REPLAY_FRAME_CSP : DASHBOARD_CSP);
    if (path.startsWith('/dashboard/assets/') || path === '/dashboard/replay.html') return next();
    try {
      const html = await readFile(join(publicDir, 'dashboard/index.html'), 'utf8');
      return context.html(html, 200, { 'Cache-Control': 'no-store' });
    } catch {
      // The path stays in the server's log: a visitor has no use for where the server's files live.
      console.warn(`[crm-insights] dashboard not found in ${publicDir}: run "npm run build"`);
      return context.text('dashboard not built: run "npm run build" on the server', 404);
    }
  });
  // Precompressed (brotli, gzip) with ETags, revalidated on every use.
  app.use('/dashboard/*', serveAssets(publicDir, cachePolicy));
}
