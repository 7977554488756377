import { Hono } from 'hono';

/**
 * The demo CRM's own back end: one slow route and one failing route, so the widget has real API timing and
 * API errors to capture. Not part of the crm-insights API.
 */
export function demoApi(slowMs = 1200): Hono {
  return new Hono()
    .get('/accounts/:id/summary', async (context) => {
      await new Promise((resolve) => setTimeout(resolve, slowMs));
      return context.json({ summary: `Account ${context.req.param('id')}: 128 contacts, 14 open deals` });
    })
    .get('/reports/forecast', (context) => context.json({ error: 'forecast service unavailable' }, 503));
}
