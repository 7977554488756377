import { describe, expect, it } from 'vitest';
import { useFaultLab } from '../support/fault-lab.ts';
import { expectExactlyOnce, injectFault, openFaultPage, storedEvents, trackNumbered } from '../support/faults.ts';

/** A strict policy: scripts, connections and styles from the page's own origin only; no inline code, no eval. */
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

describe('the widget under a strict Content-Security-Policy', () => {
  const lab = useFaultLab();

  it('loads, tracks and flushes without a single securitypolicyviolation', async () => {
    const context = await lab.newContext({}, { 'Content-Security-Policy': STRICT_CSP });
    // Injected by the test harness, not by the page, so the policy does not apply to the counter itself.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    const log = await injectFault(context, 'CSP Tracked');
    const page = await openFaultPage(context, lab.server);
    // The policy is really in force: an inline script the test adds is refused and counted.
    const probe = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const seen = (window as unknown as { cspViolations: string[] }).cspViolations;
      const result = { inlineRan: 'inlineRan' in window, violations: seen.length };
      seen.length = 0;
      return result;
    });
    expect(probe).toEqual({ inlineRan: false, violations: 1 });

    await trackNumbered(page, 'CSP Tracked', 0, 5);
    const flushed = await page.evaluate(() =>
      (window as unknown as { crmInsights: { flush(): Promise<{ pending: number }> } }).crmInsights.flush(),
    );
    expect(flushed.pending).toBe(0);
    expectExactlyOnce(await storedEvents(lab.server, 'CSP Tracked', 5), log, 5);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(lab.pageErrors).toEqual([]);
  });
});
