import { describe, expect, it } from 'vitest';
import { useFaultLab } from '../../support/fault-lab.ts';
import { expectExactlyOnce, openFaultPage, outboxEvents, storedEvents, trackNumbered } from '../../support/faults.ts';

// Tests read the widget's outbox from the page, often before the widget has opened it (it opens at idle). Such a read
// must leave the widget's database to the widget: a read that created it, or kept a connection open, blocked the
// widget's versioned open for good, and the test that made it hung until its timeout.
describe("the tests' read of the widget's outbox", () => {
  const lab = useFaultLab();

  it('before the widget made its database: finds nothing, creates nothing, and the widget then stores and sends', async () => {
    const context = await lab.newContext();
    await context.route(`${lab.server.origin}/fault-lab/blank.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Blank</title><p>No widget here.</p>' }),
    );
    const blank = await context.newPage();
    await blank.goto(`${lab.server.origin}/fault-lab/blank.html`);
    expect(await outboxEvents(blank)).toEqual([]);
    const databases = await blank.evaluate(async () => (await indexedDB.databases()).map((database) => database.name));
    expect(databases).not.toContain('crm-insights');

    // The blank page stays open beside the widget's: a connection it held would block the widget's open.
    const page = await openFaultPage(context, lab.server);
    await trackNumbered(page, 'Outbox read', 0, 5);
    expectExactlyOnce(await storedEvents(lab.server, 'Outbox read', 5), undefined, 5);
    expect(lab.pageErrors).toEqual([]);
  });
});
