import { afterEach, beforeEach, expect, it } from 'vitest';
import { createOutboundClient } from '../outbound/outbound-client.ts';
import { startTestListener } from '../outbound/test-listener.ts';
import type { TestListener } from '../outbound/test-listener.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';
import { createBugReportDeliveries } from './bug-report-deliveries.ts';
import { createFeedbackRepository } from './feedback-repository.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');

forEachTestDatabase('bug-report deliveries', (open) => {
  let storage: Storage;
  let receiver: TestListener;
  beforeEach(async () => {
    storage = await storageOn(await open());
    receiver = await startTestListener();
  });
  afterEach(async () => {
    await receiver.close();
    await storage.close();
  });

  /** A report filed `age` ms before now whose delivery never started (its process died first). */
  const owedReport = (id: string, age: number) =>
    createFeedbackRepository(storage.db).addBugReport({
      id,
      source: 'widget',
      description: `report ${id}`,
      severity: 'low',
      createdAt: NOW - age,
      category: 'ops',
      webhook: receiver.url,
    });

  it('looks every claim period at the reports of the last hour only, and at every report when it resumes at start', async () => {
    await owedReport('0190a000-0000-7000-8000-0000000000a1', 2 * HOUR);
    await owedReport('0190a000-0000-7000-8000-0000000000a2', 5 * 60_000);
    const deliveries = createBugReportDeliveries({
      db: storage.db,
      client: createOutboundClient({ allow: ['127.0.0.1'] }),
      instance: 'test',
      now: () => NOW,
      claimMs: 50,
    });
    try {
      deliveries.start();
      await expect.poll(() => receiver.hits.length).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.hits.map((hit) => JSON.parse(hit.body).id)).toEqual(['0190a000-0000-7000-8000-0000000000a2']);

      await deliveries.resume();
      await expect.poll(() => receiver.hits.length).toBe(2);
      expect(JSON.parse(receiver.hits[1]!.body).id).toBe('0190a000-0000-7000-8000-0000000000a1');
    } finally {
      deliveries.stop();
    }
  });
});
