import { describe, expect, it } from 'vitest';
import { checkEvent } from './check-event.ts';
import { CRM_TRACKING_PLAN } from './crm-plan.ts';
import type { PlannedTrack } from './plan-types.ts';

describe('checkEvent on the CRM plan', () => {
  it.each([
    ['Deal Stage Changed', { deal_id: 1, from: 'Lead', to: 'Qualified', value: 12000 }, []],
    ['Signed Up', { method: 'email' }, []],
    ['Signed Up', { method: 'email', referral_code: 'FRIEND' }, []],
    ['Signed Up', { method: 'fax' }, ['Signed Up.method must be one of email, google, microsoft, sso']],
    ['Deal Won', { deal_id: '1', value: 5 }, ['Deal Won.deal_id must be a number']],
    ['Deal Won', { value: 5 }, ['Deal Won.deal_id is required']],
    ['Logged Out', {}, []],
    ['Logged Out', { why: 'idle' }, ['Logged Out.why is not in the plan']],
    ['Contact Form Invalid', { fields: ['email', 3] }, ['Contact Form Invalid.fields must be a list of strings']],
    ['Made Up Event', {}, ['"Made Up Event" is not in the tracking plan']],
    ['Deal Won', { deal_id: 1, value: 5, $experiment: 'layout', $variation: 'B' }, []],
    ['Deal Won', { deal_id: 1, value: 5, $conversion: true }, []],
    ['Deal Won', { value: 5, $experiment: 'layout', $variation: 'B' }, ['Deal Won.deal_id is required']],
    ['Experiment Converted', { $experiment: 'layout', $variation: 'B' }, []],
    ['Experiment Converted', { $variation: 'B' }, ['"Experiment Converted" is not in the tracking plan']],
  ])('%s %j', (name, props, expected) => {
    expect(checkEvent(CRM_TRACKING_PLAN, name, props)).toEqual(expected);
  });

  it('declares the 47 events of the journey from sign-up to deal won', () => {
    expect(Object.keys(CRM_TRACKING_PLAN)).toHaveLength(47);
    expect(Object.keys(CRM_TRACKING_PLAN)[0]).toBe('Signed Up');
    expect(CRM_TRACKING_PLAN).toHaveProperty(['Deal Won']);
  });

  it('types track from the plan', () => {
    const track: PlannedTrack<typeof CRM_TRACKING_PLAN> = () => undefined;
    // @ts-expect-error: deal_id must be a number
    track('Deal Won', { deal_id: 'one', value: 3 });
    // @ts-expect-error: not an event of the plan
    track('Deal Wonn', {});
    track('Logged Out');
    expect(typeof track).toBe('function');
  });
});
