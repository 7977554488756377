import { describe, expect, it } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { collectBugBundle, fitBudget } from './bug-bundle.ts';
import { summarizeActivity, watchRecentActivity } from './recent-activity.ts';

const base = {
  page: { url: 'http://crm/deals', path: '/deals' },
  sessionId: 's',
  anonymousId: 'a',
  environment: { userAgent: 'test' },
};

function fakeCapture() {
  let listener: ((event: InsightEvent) => void) | undefined;
  const onCapture = (next: (event: InsightEvent) => void) => {
    listener = next;
    return () => {
      listener = undefined;
    };
  };
  const emit = (event: Partial<InsightEvent>) =>
    listener?.({ id: 'x', ts: 1, sessionId: 's', anonymousId: 'a', type: 'track', ...event } as InsightEvent);
  return { onCapture, emit };
}

describe('collectBugBundle', () => {
  it('attaches recent errors, failed requests, steps, latest vitals and flags', async () => {
    const { onCapture, emit } = fakeCapture();
    const activity = watchRecentActivity(onCapture);
    emit({ type: 'error', props: { message: 'boom' } });
    emit({ type: 'api', props: { url: '/api/a', status: 200 } });
    emit({ type: 'api', props: { url: '/api/b', status: 502 } });
    emit({ type: 'track', name: 'Deal Won' });
    emit({ type: 'vital', name: 'LCP', props: { value: 900 } });
    emit({ type: 'vital', name: 'LCP', props: { value: 1200 } });
    emit({ type: 'exposure', props: { flag: 'new-pipeline', value: true } });
    const bundle = await collectBugBundle({
      ...base,
      activity: () => summarizeActivity(activity.events()),
      replay: { mode: 'buffer', flush: async () => ({ chunks: 3 }) },
    });
    expect(bundle).toMatchObject({
      errors: [{ message: 'boom' }],
      failedRequests: [{ url: '/api/b', status: 502 }],
      breadcrumbs: [{ name: 'Deal Won', type: 'track' }],
      vitals: [{ value: 1200 }],
      flags: { 'new-pipeline': true },
      replayChunks: 3,
    });
    expect(bundle.missing).toBeUndefined();
  });

  it.each([
    ['no replay', undefined, 'replay is off on this page (enable it with data-replay="buffer")'],
    [
      'replay off',
      { mode: 'off', flush: async () => ({ chunks: 0 }) },
      'replay is off on this page (enable it with data-replay="buffer")',
    ],
    [
      'upload fails',
      { mode: 'buffer', flush: async () => Promise.reject(new Error('quota')) },
      'replay upload failed: quota',
    ],
  ])('says why the replay is missing: %s', async (_name, replay, reason) => {
    const bundle = await collectBugBundle({
      ...base,
      activity: () => ({ errors: [], failedRequests: [], breadcrumbs: [], vitals: [], flags: {} }),
      replay,
    });
    expect(bundle.missing).toEqual([{ part: 'replay', reason }]);
  });

  it('drops the oldest breadcrumbs first to fit the budget', () => {
    const breadcrumbs = Array.from({ length: 50 }, (_, index) => ({ name: `step ${index}`, pad: 'x'.repeat(100) }));
    const fitted = fitBudget({ ...base, breadcrumbs, errors: [{ message: 'kept' }] }, 2000);
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(2000);
    expect(fitted.errors).toEqual([{ message: 'kept' }]);
    expect(fitted.breadcrumbs!.at(-1)).toMatchObject({ name: 'step 49' });
  });
});
