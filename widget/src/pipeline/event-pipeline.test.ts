import { describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { checkEvent } from '../../../shared/tracking-plan/check-event.ts';
import { CRM_TRACKING_PLAN } from '../../../shared/tracking-plan/crm-plan.ts';
import { createConsentStorage } from '../capture/consent.ts';
import { createUserStore } from '../capture/user.ts';
import { createLogger } from '../debug-log.ts';
import { createIdentity } from '../session.ts';
import { createEnricher } from './enrich-event.ts';
import type { EventInput } from './event-input.ts';
import { createEventPipeline } from './event-pipeline.ts';
import type { PipelineSteps } from './event-pipeline.ts';
import { createPlanTagger } from './plan-tags.ts';
import type { PlanCheck } from './plan-tags.ts';
import { createScrubber } from './scrub-event.ts';

const crmCheck: PlanCheck = (name, props) => checkEvent(CRM_TRACKING_PLAN, name, props);
const PAGE = { url: 'https://crm.example/deals?token=t0ps3cret&tab=2', path: '/deals' };
const tracked = (props: Record<string, string | number> = { template: 'to ada@example.com' }): EventInput => ({
  type: 'track',
  name: 'Email Sent',
  props,
  page: PAGE,
});

/** A real pipeline (enricher, scrubber, plan tagger) whose outbox is an array. */
function setup(
  options: {
    scrubParams?: string[];
    beforeSend?: PipelineSteps['beforeSend'];
    plan?: Parameters<typeof createPlanTagger>[0];
  } = {},
) {
  const warn = vi.fn();
  const log = createLogger(true, { warn });
  const consent = createConsentStorage(undefined);
  const user = createUserStore(consent);
  const window = {
    location: new URL('https://crm.example/deals'),
    innerWidth: 800,
    innerHeight: 600,
    navigator: { userAgent: 'Test/1.0', language: 'de-DE' },
    screen: { width: 1920, height: 1080 },
  } as unknown as Window;
  const enricher = createEnricher({
    window,
    document: { title: '', referrer: '' } as Document,
    now: () => 1_700_000_000_000,
    identity: createIdentity(consent, () => 1_700_000_000_000),
    user,
    flags: { activeContext: () => ({ flags: { 'new-nav': true }, experiments: {}, overridden: false }) },
    release: 'web@1.2.3',
  });
  const delivered: InsightEvent[] = [];
  const pipeline = createEventPipeline({
    capturing: () => !consent.optedOut(),
    planTags: createPlanTagger(options.plan, log),
    enricher,
    scrub: createScrubber(options.scrubParams),
    beforeSend: options.beforeSend,
    deliver: (event) => delivered.push(event),
    log,
  });
  return { pipeline, delivered, warn, consent, user };
}

describe('the event pipeline, from a collector to the outbox', () => {
  it('enriches (ids, time, session, page, flags, release, user), then scrubs, then lets beforeSend edit', () => {
    const seen: InsightEvent[] = [];
    const { pipeline, delivered, user } = setup({
      beforeSend: (scrubbed) => {
        seen.push(scrubbed);
        return { ...scrubbed, props: { ...scrubbed.props, edited: true } };
      },
    });
    user.identify('u-7', { plan: 'pro', note: 'mail bob@example.com' });
    pipeline.capture(tracked());
    expect(seen[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ts: 1_700_000_000_000,
      sessionId: expect.any(String),
      anonymousId: expect.any(String),
      userId: 'u-7',
      props: { template: 'to [email]' },
      page: { url: 'https://crm.example/deals?token=[redacted]&tab=2' },
      // User traits are enriched before scrubbing, so they are scrubbed too.
      context: {
        release: 'web@1.2.3',
        flags: { 'new-nav': true },
        experiments: {},
        user: { plan: 'pro', note: 'mail [email]' },
      },
    });
    expect(seen[0]!.context).not.toHaveProperty('device');
    expect(delivered).toEqual([{ ...seen[0], props: { template: 'to [email]', edited: true } }]);
  });

  it('adds the device to page, error and identify events only', () => {
    const { pipeline, delivered } = setup();
    pipeline.capture({ type: 'page', props: { cause: 'load', route: '/deals' } });
    pipeline.capture({ type: 'track', name: 'Deal Won' });
    expect(delivered[0]!.context).toMatchObject({
      device: { userAgent: 'Test/1.0', viewport: '800x600', locale: 'de-DE' },
    });
    expect(delivered[1]!.context).not.toHaveProperty('device');
  });

  it.each([[null], [false], [undefined]])('drops the event when beforeSend returns %s', (verdict) => {
    const { pipeline, delivered } = setup({ beforeSend: () => verdict as null });
    pipeline.capture(tracked());
    expect(delivered).toEqual([]);
  });

  it('sends the scrubbed event as it was when beforeSend throws, and says so in debug mode', () => {
    const { pipeline, delivered, warn } = setup({
      beforeSend: () => {
        throw new Error('oops');
      },
    });
    pipeline.capture(tracked());
    expect(delivered).toMatchObject([{ props: { template: 'to [email]' } }]);
    expect(warn).toHaveBeenCalledWith(
      '[crm-insights] beforeSend threw; the event is sent as it was',
      expect.any(Error),
    );
  });

  it('applies configured query parameters to every URL', () => {
    const { pipeline, delivered } = setup({ scrubParams: ['invite'] });
    pipeline.capture({ ...tracked(), page: { url: 'https://crm.example/join?invite=abc123', path: '/join' } });
    expect(delivered[0]?.page?.url).toBe('https://crm.example/join?invite=[redacted]');
  });

  it('drops an event that breaks the wire limits with a warning, and tells listeners only of what went in', () => {
    const { pipeline, delivered, warn } = setup();
    const heard: InsightEvent[] = [];
    pipeline.onCapture((event) => heard.push(event));
    pipeline.capture({ type: 'track', name: 'x'.repeat(201) });
    pipeline.capture(tracked());
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('dropped track event'));
    expect(delivered).toHaveLength(1);
    expect(heard).toEqual(delivered);
  });

  it('captures nothing while the visitor has opted out', () => {
    const { pipeline, delivered, consent } = setup();
    consent.optOut();
    pipeline.capture(tracked());
    expect(delivered).toEqual([]);
  });

  it('tags a track call that breaks the tracking plan and warns, and leaves planned events alone', () => {
    const { pipeline, delivered, warn } = setup({ plan: crmCheck });
    pipeline.capture({ type: 'track', name: 'Deal Won', props: { deal_id: 1, value: 5 } });
    pipeline.capture({ type: 'track', name: 'Deal Won', props: { deal_id: 'one', value: 5 } });
    expect(delivered.map((event) => event.tags)).toEqual([undefined, ['off-plan']]);
    expect(warn).toHaveBeenCalledWith(
      '[crm-insights] "Deal Won" breaks the tracking plan (sent, tagged off-plan): Deal Won.deal_id must be a number',
    );
  });

  it('checks nothing without a plan here (the API tags), and against a plan still loading once it is in', async () => {
    const none = setup();
    none.pipeline.capture({ type: 'track', name: 'Anything', props: {} });
    expect(none.delivered[0]!.tags).toBeUndefined();
    let resolve!: (check: PlanCheck) => void;
    const loading = setup({ plan: new Promise((done) => (resolve = done)) });
    loading.pipeline.capture({ type: 'track', name: 'Anything', props: {} });
    resolve(crmCheck);
    await Promise.resolve();
    loading.pipeline.capture({ type: 'track', name: 'Anything', props: {} });
    expect(loading.delivered.map((event) => event.tags)).toEqual([undefined, ['off-plan']]);
  });
});
