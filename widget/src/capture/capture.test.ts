import { describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { createLogger } from '../debug-log.ts';
import { createIdentity } from '../session.ts';
import { createCapture } from './capture.ts';
import type { PlanCheck } from './capture.ts';
import { checkEvent } from '../../../shared/tracking-plan/check-event.ts';
import type { CaptureOptions } from './options.ts';
import { CRM_TRACKING_PLAN } from '../../../shared/tracking-plan/crm-plan.ts';
import { createConsentStorage } from './consent.ts';
import { createErrorReporter } from './error-reporter.ts';

const event = (partial: Partial<InsightEvent> = {}): InsightEvent => ({
  id: '0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b',
  type: 'track',
  name: 'Email Sent',
  ts: 1,
  sessionId: '0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5c',
  anonymousId: '0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5d',
  page: { url: 'https://crm.example/deals?token=t0ps3cret&tab=2', path: '/deals' },
  props: { template: 'to ada@example.com' },
  ...partial,
});

function setup(options: CaptureOptions = {}, warn = vi.fn(), checkPlan?: PlanCheck | Promise<PlanCheck>) {
  const consent = createConsentStorage(undefined);
  const window = { location: new URL('https://crm.example/deals') } as unknown as Window;
  const capture = createCapture(
    { ...options, endpoint: 'https://api.example/api' },
    {
      window,
      document: {} as Document,
      now: () => 1,
      consent,
      identity: createIdentity(consent, () => 1),
      log: createLogger(true, { warn }),
      errorReporter: createErrorReporter,
      checkPlan,
    },
  );
  return { capture, warn };
}

const crmCheck: PlanCheck = (name, props) => checkEvent(CRM_TRACKING_PLAN, name, props);

describe('the capture pipeline before the outbox', () => {
  it('scrubs name, props and page, then lets beforeSend edit the scrubbed event', () => {
    const seen: InsightEvent[] = [];
    const { capture } = setup({
      beforeSend: (scrubbed) => (seen.push(scrubbed), { ...scrubbed, props: { ...scrubbed.props, edited: true } }),
    });
    const out = capture.prepare(event());
    expect(seen[0]).toMatchObject({
      props: { template: 'to [email]' },
      page: { url: 'https://crm.example/deals?token=[redacted]&tab=2' },
    });
    expect(out).toMatchObject({ props: { template: 'to [email]', edited: true } });
  });

  it.each([[null], [false], [undefined]])('drops the event when beforeSend returns %s', (verdict) => {
    const { capture } = setup({ beforeSend: () => verdict as null });
    expect(capture.prepare(event())).toBeUndefined();
  });

  it('sends the scrubbed event as it was when beforeSend throws, and says so in debug mode', () => {
    const { capture, warn } = setup({
      beforeSend: () => {
        throw new Error('oops');
      },
    });
    expect(capture.prepare(event())).toMatchObject({ props: { template: 'to [email]' } });
    expect(warn).toHaveBeenCalledWith(
      '[crm-insights] beforeSend threw; the event is sent as it was',
      expect.any(Error),
    );
  });

  it('applies configured query parameters to every URL', () => {
    const { capture } = setup({ scrubParams: ['invite'] });
    expect(
      capture.prepare(event({ page: { url: 'https://crm.example/join?invite=abc123', path: '/join' } }))?.page?.url,
    ).toBe('https://crm.example/join?invite=[redacted]');
  });

  it('tags an event that breaks the tracking plan and warns, and leaves planned events alone', () => {
    const { capture, warn } = setup({}, vi.fn(), crmCheck);
    expect(capture.planTags('Deal Won', { deal_id: 1, value: 5 })).toBeUndefined();
    expect(capture.planTags('Deal Won', { deal_id: 'one', value: 5 })).toEqual(['off-plan']);
    expect(warn).toHaveBeenCalledWith(
      '[crm-insights] "Deal Won" breaks the tracking plan (sent, tagged off-plan): Deal Won.deal_id must be a number',
    );
    // Without a check here (the script tag outside debug mode, or trackingPlan: false) nothing is checked: the API tags.
    expect(setup().capture.planTags('Anything', {})).toBeUndefined();
  });

  it('checks against a plan that is still loading once it is in', async () => {
    let resolve!: (check: PlanCheck) => void;
    const { capture } = setup({}, vi.fn(), new Promise((done) => (resolve = done)));
    expect(capture.planTags('Anything', {})).toBeUndefined();
    resolve(crmCheck);
    await Promise.resolve();
    expect(capture.planTags('Anything', {})).toEqual(['off-plan']);
  });
});
