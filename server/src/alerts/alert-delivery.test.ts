import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../storage/storage.ts';
import type { Storage } from '../storage/types.ts';
import { createAlertDelivery } from './alert-delivery.ts';
import { createAlertRepository } from './alert-repository.ts';
import type { AlertMessage, AlertRepository } from './alert-repository.ts';
import type { AlertChannel } from './alert-rule.ts';

const channels: AlertChannel[] = [
  { type: 'slack', url: 'https://hooks.slack.example/services/T/B/x' },
  { type: 'email', to: ['ops@example.com'] },
];

describe('alert delivery', () => {
  let dir: string;
  let storage: Storage;
  let repository: AlertRepository;
  let sends: number;
  let release: () => void;
  const sendDue = () => {
    sends += 1;
    return new Promise<number>((resolve) => (release = () => resolve(sends)));
  };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-alert-delivery-'));
    storage = await openStorage({ dataDir: dir });
    repository = createAlertRepository(storage.db, storage.analytics);
    sends = 0;
    release = () => undefined;
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs one send at a time: a second notify during a send shares it', async () => {
    const delivery = createAlertDelivery(repository, sendDue, () => 1_000);
    const first = delivery.notify();
    expect(delivery.notify()).toBe(first);
    release();
    await expect(first).resolves.toBe(1);
    const next = delivery.notify();
    release();
    await expect(next).resolves.toBe(2);
  });

  it('queues a test message per channel and starts a send', async () => {
    const delivery = createAlertDelivery(repository, sendDue, () => 1_000);
    const queued = await delivery.sendTest('checkout-errors', 'Checkout errors', channels);
    expect(sends).toBe(1);
    release();
    expect(queued.map((notification) => notification.channel)).toEqual(channels);
    const stored = await repository.listNotifications({ ruleId: 'checkout-errors', limit: 10 });
    expect(stored.map((notification) => notification.id).sort()).toEqual(queued.map(({ id }) => id).sort());
    expect(stored[0]).toMatchObject({
      event: 'test',
      status: 'pending',
      nextAttemptAt: 1_000,
      message: {
        title: '[TEST] Checkout errors',
        kind: 'test',
        page: 'alerts',
        ruleName: 'Checkout errors',
        at: 1_000,
      },
    });
  });

  it('queues an announcement per channel without sending it yet', async () => {
    const delivery = createAlertDelivery(repository, sendDue, () => 2_000);
    const message: AlertMessage = {
      event: 'scaling',
      title: '[SCALING] ingest: 1 → 2 replicas',
      text: 'busy',
      ruleId: 'ingest',
      ruleName: 'ingest',
      kind: 'scaling',
      page: 'infrastructure',
      at: 1_500,
    };
    await delivery.announce(message, channels);
    expect(sends).toBe(0);
    const stored = await repository.listNotifications({ ruleId: 'ingest', limit: 10 });
    expect(stored).toHaveLength(2);
    expect(stored.every((notification) => notification.createdAt === 2_000)).toBe(true);
    expect(stored[0]!.message).toEqual(message);
  });
});
