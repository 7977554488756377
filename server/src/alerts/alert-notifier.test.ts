import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpReceiver } from '../../../tests/support/smtp-receiver.ts';
import { createDeliveryLog } from '../outbound/delivery-log.ts';
import { createOutboundClient, DELIVERY_FAILED, DESTINATION_NOT_ALLOWED } from '../outbound/outbound-client.ts';
import { openStorage } from '../storage/storage.ts';
import type { Storage } from '../storage/types.ts';
import { notificationsFor } from './alert-evaluator.ts';
import { createAlertNotifier } from './alert-notifier.ts';
import { createAlertRepository } from './alert-repository.ts';
import type { AlertMessage } from './alert-repository.ts';
import type { AlertChannel } from './alert-rule.ts';
import type { Mailer } from './send-on-channel.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

const message: AlertMessage = {
  event: 'test',
  title: '[TEST] Checkout errors',
  text: 'A test notification',
  ruleId: 'checkout-errors',
  ruleName: 'Checkout errors',
  kind: 'test',
  page: 'alerts',
  at: 1,
};

/** A port nothing listens on any more: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

/**
 * An SMTP server that greets, then answers every command with a reply it never finishes: one more `250-` line
 * every 100 ms, so no socket is ever idle long enough for an inactivity timeout.
 */
async function endlessReplySmtpServer() {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.write('220 slow.test ESMTP\r\n');
    socket.once('data', () => {
      const timer = setInterval(() => socket.write('250-still thinking\r\n'), 100);
      socket.on('close', () => clearInterval(timer));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((closed) => server.close(closed));
    },
  };
}

describe('the alert notifier', () => {
  let dir: string;
  let storage: Storage;
  const warnings: string[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-notifier-'));
    storage = await openStorage({ dataDir: dir });
    warnings.length = 0;
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Queues one notification to `channel`, runs the notifier once, and returns it with its delivery log. */
  async function sendOnce(channel: AlertChannel, mailer?: Mailer) {
    const repository = createAlertRepository(storage.db, storage.analytics);
    const deliveryLog = createDeliveryLog(storage.db);
    const [notification] = notificationsFor({ id: 'checkout-errors', channels: [channel] }, message, Date.now());
    await repository.enqueue([notification!]);
    const notifier = createAlertNotifier({
      repository,
      outbound: createOutboundClient({ allow: ['127.0.0.1'] }, { warn: (text) => warnings.push(text) }),
      deliveryLog,
      mailer,
      baseUrl: () => 'https://insights.example.com',
      retry: { timeoutMs: 600 },
    });
    const started = performance.now();
    expect(await notifier.runOnce()).toBe(1);
    const tookMs = performance.now() - started;
    const [stored] = await repository.listNotifications({ limit: 1 });
    return { tookMs, stored: stored!, log: await deliveryLog.attempts('alert', notification!.id) };
  }

  it('pads a Slack send to a refused port to the whole timeout and logs the generic failure, then schedules a retry', async () => {
    const port = await closedPort();
    const { tookMs, stored, log } = await sendOnce({ type: 'slack', url: `http://127.0.0.1:${port}/services/T/B/x` });
    // Refused in a millisecond or two; logged only once the 600 ms timeout has passed, like a filtered port.
    expect(tookMs).toBeGreaterThanOrEqual(590);
    expect(log).toEqual([
      expect.objectContaining({
        kind: 'alert',
        attempt: 1,
        ok: false,
        error: DELIVERY_FAILED,
        url: `http://127.0.0.1:${port}/…`,
      }),
    ]);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: DELIVERY_FAILED });
  });

  it('refuses an SMTP server on a private address with a clear error in the delivery log, at once and for good', async () => {
    const mailer = createSmtpMailer('smtp://10.20.30.40:25', {
      from: 'a@example.com',
      allow: [],
      warn: (text) => warnings.push(text),
    });
    const { tookMs, stored, log } = await sendOnce({ type: 'email', to: ['ops@example.com'] }, mailer);
    expect(log).toEqual([
      expect.objectContaining({ attempt: 1, ok: false, error: DESTINATION_NOT_ALLOWED, url: 'mailto:ops@example.com' }),
    ]);
    expect(stored).toMatchObject({ status: 'failed', attempts: 1, lastError: DESTINATION_NOT_ALLOWED });
    expect(tookMs).toBeLessThan(590);
    expect(warnings).toEqual(['[crm-insights] SMTP connection refused: 10.20.30.40 is a private address']);
  });

  it('gives up on an SMTP server that never finishes its reply once the attempt times out, and retries later', async () => {
    const slow = await endlessReplySmtpServer();
    try {
      const mailer = createSmtpMailer(`smtp://127.0.0.1:${slow.port}`, { from: 'a@example.com', allow: ['127.0.0.1'] });
      const sent = sendOnce({ type: 'email', to: ['ops@example.com'] }, mailer);
      const stalled = new Promise((resolve) => setTimeout(() => resolve('still sending after 3 s'), 3000).unref());
      const outcome = await Promise.race([sent, stalled]);
      expect(outcome).toMatchObject({ stored: { status: 'pending', attempts: 1 } });
    } finally {
      await slow.close();
    }
  });

  it('sends email to an allow-listed SMTP server by its checked address, and refuses a name that resolves inward', async () => {
    const receiver = await startSmtpReceiver();
    try {
      const port = new URL(receiver.url).port;
      // "mail.test" exists only in this resolver: the mail arrives only if nodemailer connected to the checked address.
      const allowed = createSmtpMailer(`smtp://mail.test:${port}`, {
        from: 'alerts@example.com',
        allow: ['127.0.0.1'],
        resolve: async () => ['127.0.0.1'],
      });
      expect((await sendOnce({ type: 'email', to: ['ops@example.com'] }, allowed)).stored.status).toBe('sent');
      expect(receiver.mails).toHaveLength(1);
      expect(receiver.mails[0]!.raw).toMatch(/Subject: \[TEST\] Checkout errors/);

      const inward = createSmtpMailer(`smtp://mail.test:${port}`, {
        from: 'alerts@example.com',
        allow: [],
        resolve: async () => ['127.0.0.1'],
        warn: (text) => warnings.push(text),
      });
      const refused = await sendOnce({ type: 'email', to: ['ops@example.com'] }, inward);
      expect(refused.log[0]).toMatchObject({ ok: false, error: DELIVERY_FAILED });
      expect(warnings).toEqual(['[crm-insights] SMTP connection refused: mail.test resolves to a loopback address']);
      expect(receiver.mails).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
