import { describe, expect, it } from 'vitest';
import { benchPageHtml, scenarios } from './scenarios.ts';

const demo = `<head>
    <link rel="stylesheet" href="/demo/styles.css" />
    <!-- crm-insights, installed exactly as the README tells a customer to. -->
    <script async src="/insights.js" data-endpoint="/api" data-key="__INSIGHTS_WRITE_KEY__"></script>
    <script type="module" src="/demo/app.js"></script>
  </head>`;

describe('benchPageHtml', () => {
  it('swaps the demo widget tag for the scenario tags and keeps the app', () => {
    const html = benchPageHtml(demo, '<script async src="/sdk/peers/posthog.js"></script>');
    expect(html).not.toContain('/insights.js"');
    expect(html).toContain(
      '<script async src="/sdk/peers/posthog.js"></script>\n    <script type="module" src="/demo/app.js">',
    );
  });

  it('leaves no SDK at all for the baseline', () => {
    const html = benchPageHtml(demo, '');
    expect(html).not.toMatch(/insights\.js|sdk\//);
    expect(html).toContain('/demo/app.js');
  });

  it('adds the tags at the end of the head when the demo has no widget tag', () => {
    expect(benchPageHtml('<head><title>x</title></head>', '<script src="/a.js"></script>')).toBe(
      '<head><title>x</title>    <script src="/a.js"></script>\n</head>',
    );
  });
});

describe('scenarios', () => {
  it('installs Sentry before the app, as its docs do, and the other SDKs async, as theirs do', () => {
    const tags = Object.fromEntries(scenarios().map((scenario) => [scenario.id, scenario.tags]));
    expect(tags['sentry-errors']).toBe('<script src="/sdk/peers/sentry-errors.js"></script>');
    expect(tags['sentry-replay']).toBe('<script src="/sdk/peers/sentry-replay.js"></script>');
    for (const id of ['crm-insights', 'crm-insights-replay', 'posthog', 'growthbook'])
      expect(tags[id]).toMatch(/^<script async src=/);
  });

  it('has one baseline, crm-insights with replay off and on, and every peer', () => {
    const all = scenarios();
    expect(all.filter((scenario) => scenario.kind === 'none')).toHaveLength(1);
    expect(all.filter((scenario) => scenario.kind === 'crm').map((scenario) => scenario.id)).toEqual([
      'crm-insights',
      'crm-insights-replay',
    ]);
    expect(all.filter((scenario) => scenario.kind === 'peer').map((scenario) => scenario.id)).toEqual([
      'posthog',
      'sentry-errors',
      'sentry-replay',
      'growthbook',
    ]);
    expect(new Set(all.map((scenario) => scenario.id)).size).toBe(all.length);
  });
});
