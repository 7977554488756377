import { describe, expect, it } from 'vitest';
import { useFaultLab } from '../../support/fault-lab.ts';
import {
  expectExactlyOnce,
  injectFault,
  openFaultPage,
  outboxCount,
  storedEvents,
  trackNumbered,
} from '../../support/faults.ts';

// The sending half of delivery is the `send` chunk (widget/src/chunks/send.ts), loaded at the first send. Until it
// loads, events wait in the outbox; the load is tried again with the send backoff, and nothing is lost or doubled.
describe('the send chunk', () => {
  const lab = useFaultLab();

  it('unavailable (404), then available: events wait in the outbox, then each arrives once', async () => {
    const context = await lab.newContext();
    let blocked = true;
    let tries = 0;
    await context.route('**/send.js', async (route) => {
      tries++;
      return blocked ? route.fulfill({ status: 404, body: 'not here' }) : route.fallback();
    });
    const log = await injectFault(context, 'Fault send chunk');
    const page = await openFaultPage(context, lab.server);
    await trackNumbered(page, 'Fault send chunk', 0, 8);
    await expect.poll(() => outboxCount(page, 'Fault send chunk')).toBe(8);
    // Tried again after the first failure (retry delay 100 ms, doubling up to 2 s), and nothing sent meanwhile.
    await expect.poll(() => tries, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect(log.requests).toEqual([]);
    expect(await lab.server.events({ name: 'Fault send chunk' })).toEqual([]);
    expect(await outboxCount(page, 'Fault send chunk')).toBe(8);
    blocked = false;
    expectExactlyOnce(await storedEvents(lab.server, 'Fault send chunk', 8), log, 8);
    await expect.poll(() => outboxCount(page, 'Fault send chunk')).toBe(0);
    expect(lab.pageErrors).toEqual([]);
  });
});
