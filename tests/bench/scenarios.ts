/**
 * The pages the bench compares: the demo CRM with no SDK, with crm-insights, and with each peer doing a
 * comparable job. Pure: builds each page's HTML from the built demo's own HTML.
 */

/** One way of loading the demo CRM. */
export interface Scenario {
  id: string;
  label: string;
  /** `none` is the baseline; `crm` rows are compared with every `peer` row. */
  kind: 'none' | 'crm' | 'peer';
  /** The tags that install the SDK in the head as its docs tell a customer to: async, or for Sentry before the app. */
  tags: string;
  /** Files under the public or peer folder the scenario needs; when one is missing its row says "not built". */
  needs: string[];
}

/** The crm-insights script tag as the README tells a customer to write it, sending to the bench sink. */
const crmTag = (extra = '') =>
  `<script async src="/sdk/insights.js" data-endpoint="/api" data-key="pk_bench" data-release="bench"${extra}></script>`;
const peerTag = (name: string) => `<script async src="/sdk/peers/${name}.js"></script>`;
/**
 * Sentry as its docs install it, set up before the app: a blocking script in the head. Loaded async, it raced the
 * demo's app, and its figures flipped between two modes by about 90 KB of heap and 20 ms: when it ran first it
 * wrapped the ~150 event listeners React attaches (`browserApiErrorsIntegration`), when it ran second it did not.
 */
const sentryTag = (name: string) => `<script src="/sdk/peers/${name}.js"></script>`;

/**
 * Every scenario, baseline first. Replay on means every session recorded (`data-replay="session"`), as Sentry's
 * `replaysSessionSampleRate: 1.0` does; without a built replay chunk that row reports "not built".
 */
export function scenarios(replayAttribute = ' data-replay="session"'): Scenario[] {
  return [
    { id: 'none', label: 'no SDK (baseline)', kind: 'none', tags: '', needs: [] },
    { id: 'crm-insights', label: 'crm-insights (replay off)', kind: 'crm', tags: crmTag(), needs: ['sdk/insights.js'] },
    {
      id: 'crm-insights-replay',
      label: 'crm-insights (replay on)',
      kind: 'crm',
      tags: crmTag(replayAttribute),
      needs: ['sdk/insights.js', 'sdk/insights/replay.js'],
    },
    { id: 'posthog', label: 'posthog-js', kind: 'peer', tags: peerTag('posthog'), needs: ['sdk/peers/posthog.js'] },
    {
      id: 'sentry-errors',
      label: '@sentry/browser (errors)',
      kind: 'peer',
      tags: sentryTag('sentry-errors'),
      needs: ['sdk/peers/sentry-errors.js'],
    },
    {
      id: 'sentry-replay',
      label: '@sentry/browser (errors, tracing, replay)',
      kind: 'peer',
      tags: sentryTag('sentry-replay'),
      needs: ['sdk/peers/sentry-replay.js'],
    },
    {
      id: 'growthbook',
      label: '@growthbook/growthbook',
      kind: 'peer',
      tags: peerTag('growthbook'),
      needs: ['sdk/peers/growthbook.js'],
    },
  ];
}

const INSIGHTS_TAG = /[ \t]*(?:<!--[^>]*-->\s*)?<script\b[^>]*\bsrc="[^"]*insights\.js"[^>]*>\s*<\/script>[ \t]*\n?/;

/**
 * The bench page for a scenario: the demo's HTML with its own widget tag taken out and the scenario's tags put in
 * its place (or at the end of the head, if the demo no longer has one).
 */
export function benchPageHtml(demoHtml: string, tags: string): string {
  const line = tags ? `    ${tags}\n` : '';
  if (INSIGHTS_TAG.test(demoHtml)) return demoHtml.replace(INSIGHTS_TAG, line);
  return demoHtml.replace('</head>', `${line}</head>`);
}
