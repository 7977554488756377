import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { errorProps } from '../../../tests/support/error-props.ts';
import { startHttpReceiver } from '../../../tests/support/http-receiver.ts';
import type { HttpReceiver } from '../../../tests/support/http-receiver.ts';
import { startTestServer, TEST_READ_KEY, TEST_WRITE_KEY } from '../../../tests/support/server.ts';
import type { TestServer } from '../../../tests/support/server.ts';
import { startSmtpReceiver } from '../../../tests/support/smtp-receiver.ts';
import type { SmtpReceiver } from '../../../tests/support/smtp-receiver.ts';
import { createTestClock } from '../../../tests/support/test-clock.ts';

const clock = createTestClock();
const STAFF = 'st_alerts_staff';
const SECRET = 'whsec_0123456789abcdef';
const staff = { Authorization: `Bearer ${STAFF}`, 'Content-Type': 'application/json' };
const session = uuidv7(clock.now());
const anonymous = uuidv7(clock.now());

/** Ingests `count` occurrences of one error through the real API at the test clock's time. */
async function spike(server: TestServer, count: number): Promise<void> {
  const ts = clock.now();
  const events = Array.from({ length: count }, () => ({
    id: uuidv7(ts),
    type: 'error',
    name: 'TypeError',
    ts,
    sessionId: session,
    anonymousId: anonymous,
    props: errorProps({
      fingerprint: 'fp-checkout',
      message: 'total is undefined @channel <https://evil.example|click>',
    }),
  }));
  const response = await fetch(`${server.origin}/api/analytics/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TEST_WRITE_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sentAt: ts, events }),
  });
  expect(response.status).toBe(200);
}

/** Moves the clock a minute at a time (one evaluation each) and lets the server's timers run. */
async function minutesPass(minutes: number): Promise<void> {
  for (let minute = 0; minute < minutes; minute++) {
    clock.advance(60_000);
    await new Promise((wake) => setTimeout(wake, 250));
  }
}

/** The HMAC check a receiver runs (the docs' snippet): timestamp fresh, signature over "<timestamp>.<body>". */
function verifySignature(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  secret: string,
  nowSeconds: number,
): boolean {
  const timestamp = String(headers['x-insights-timestamp']);
  const given = String(headers['x-insights-signature']).replace(/^v1=/, '');
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describe('an error spike through the real API', () => {
  let server: TestServer;
  let slack: HttpReceiver;
  let webhook: HttpReceiver;
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    [slack, webhook, smtp] = await Promise.all([startHttpReceiver(200), startHttpReceiver(204), startSmtpReceiver()]);
    server = await startTestServer(
      {
        staffTokens: [STAFF],
        outboundAllow: ['127.0.0.1'],
        smtpUrl: smtp.url,
        publicUrl: 'https://insights.example.com',
        metricsSampleMs: 0,
        trackingPlan: false,
      },
      { now: clock.now, alertEvaluateMs: 100, alertNotifyMs: 50 },
    );
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.all([slack?.close(), webhook?.close(), smtp?.close()]);
  });

  it('refuses rule changes without a staff token and bad rules with a clear 400', async () => {
    const rule = { name: 'x', kind: 'error.spike', channels: [] };
    const asReader = await fetch(`${server.origin}/api/alerts/rules`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_READ_KEY}` },
      body: JSON.stringify(rule),
    });
    expect(asReader.status).toBe(403);
    const bad = await fetch(`${server.origin}/api/alerts/rules`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({
        ...rule,
        kind: 'error.storm',
        channels: [{ type: 'webhook', url: 'ftp://x', secret: 'short' }],
      }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/kind: must be one of error\.new/);
  });

  it.each([
    ['the cloud metadata service', { type: 'slack', url: 'http://169.254.169.254/latest/meta-data/' }],
    ['a private address in decimal', { type: 'slack', url: 'http://167772161/hook' }],
    ['IPv4-mapped loopback off the allow-list', { type: 'webhook', url: 'http://[::ffff:127.0.0.2]/', secret: SECRET }],
    ['localhost by name', { type: 'webhook', url: 'http://localhost:9/hook', secret: SECRET }],
  ])('refuses a channel aimed at %s with a 400 when the rule is saved', async (_, channel) => {
    const response = await fetch(`${server.origin}/api/alerts/rules`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ name: 'inward', kind: 'error.spike', channels: [channel] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /^invalid alert rule: channels\[0\]\.url: .* the server does not call internal addresses/,
    );
    const rules = (await (await fetch(`${server.origin}/api/alerts/rules`, { headers: staff })).json()) as {
      rules: { id: string }[];
    };
    expect(rules.rules.map((rule) => rule.id)).not.toContain('inward');
  });

  it('sends exactly one Slack message, email and signed webhook, then a resolution; a second spike in the cooldown sends none', async () => {
    const created = await fetch(`${server.origin}/api/alerts/rules`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({
        name: 'Checkout errors',
        kind: 'error.spike',
        threshold: 3,
        minCount: 5,
        windowMinutes: 5,
        cooldownMinutes: 60,
        channels: [
          { type: 'slack', url: `${slack.origin}/services/T0/B0/secret` },
          { type: 'webhook', url: `${webhook.origin}/hooks/alerts`, secret: SECRET },
          { type: 'email', to: ['ops@example.com'] },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const listed = (await (
      await fetch(`${server.origin}/api/alerts/rules`, { headers: { Authorization: `Bearer ${TEST_READ_KEY}` } })
    ).json()) as { rules: { channels: { url?: string; secret?: string }[] }[] };
    expect(listed.rules[0]!.channels[0]!.url).toBe(`${slack.origin}/…`);
    expect(listed.rules[0]!.channels[1]!.secret).toBe('(set)');

    await spike(server, 12);
    await minutesPass(1);
    await slack.waitFor(1);
    await minutesPass(2);
    expect(slack.received).toHaveLength(1);
    const firing = JSON.parse(slack.received[0]!.body) as {
      text: string;
      blocks: { type: string; text?: { text: string }; elements?: { url?: string }[] }[];
    };
    expect(firing.blocks[0]).toMatchObject({ type: 'header', text: { text: '[FIRING] Checkout errors' } });
    expect(firing.blocks[1]!.text!.text).toMatch(/Error spike: total is undefined .*12 in 5 min/);
    expect(firing.blocks[1]!.text!.text).not.toMatch(/@channel|<https/);
    expect(firing.blocks.find((block) => block.type === 'actions')!.elements![0]!.url).toBe(
      'https://insights.example.com/dashboard/errors?fingerprint=fp-checkout',
    );

    await webhook.waitFor(1);
    const signed = webhook.received[0]!;
    expect(verifySignature(signed.headers, signed.body, SECRET, Math.floor(clock.now() / 1000))).toBe(true);
    expect(
      verifySignature(signed.headers, signed.body.replace('FIRING', 'FIXED'), SECRET, Math.floor(clock.now() / 1000)),
    ).toBe(false);
    expect(JSON.parse(signed.body)).toMatchObject({ event: 'firing', ruleId: 'checkout-errors', kind: 'error.spike' });

    await waitUntil(() => smtp.mails.length >= 1);
    expect(smtp.mails[0]!.to).toEqual(['ops@example.com']);
    expect(smtp.mails[0]!.raw).toMatch(/Subject: \[FIRING\] Checkout errors/);

    // The errors leave the 5-minute window: the incident resolves, once.
    await minutesPass(5);
    await slack.waitFor(2);
    expect(JSON.parse(slack.received[1]!.body).blocks[0].text.text).toBe('[RESOLVED] Checkout errors');

    // A second spike 8 minutes after the first incident opened: inside the 60-minute cooldown.
    await spike(server, 12);
    await minutesPass(3);
    await new Promise((wake) => setTimeout(wake, 500));
    expect(slack.received).toHaveLength(2);
    await webhook.waitFor(2);
    expect(webhook.received).toHaveLength(2);

    const incidents = (await (
      await fetch(`${server.origin}/api/alerts/incidents`, { headers: { Authorization: `Bearer ${TEST_READ_KEY}` } })
    ).json()) as { incidents: { status: string; key: string; summary: string }[] };
    expect(incidents.incidents).toHaveLength(1);
    expect(incidents.incidents[0]).toMatchObject({ status: 'resolved', key: 'fp-checkout' });
  });

  it('sends a test notification on demand and keeps a delivery log', async () => {
    const before = slack.received.length;
    const response = await fetch(`${server.origin}/api/alerts/rules/checkout-errors/test`, {
      method: 'POST',
      headers: staff,
    });
    expect(response.status).toBe(202);
    await slack.waitFor(before + 1);
    expect(JSON.parse(slack.received[before]!.body).blocks[0].text.text).toBe('[TEST] Checkout errors');
    await waitUntil(async () => {
      const log = (await (
        await fetch(`${server.origin}/api/alerts/notifications?limit=50`, {
          headers: { Authorization: `Bearer ${TEST_READ_KEY}` },
        })
      ).json()) as { notifications: { status: string }[] };
      return log.notifications.length === 9 && log.notifications.every((item) => item.status === 'sent');
    });
  });
});

describe('editing a rule as reads show it', () => {
  let server: TestServer;
  let slack: HttpReceiver;
  beforeAll(async () => {
    slack = await startHttpReceiver(200);
    server = await startTestServer(
      { staffTokens: [STAFF], outboundAllow: ['127.0.0.1'], metricsSampleMs: 0, trackingPlan: false },
      { alertNotifyMs: 50 },
    );
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.close();
  });

  it('keeps the stored Slack URL and webhook secret when a PUT sends the redacted channels back', async () => {
    const channels = [
      { type: 'slack', url: `${slack.origin}/services/T0/B0/secret` },
      { type: 'webhook', url: `${slack.origin}/hooks/alerts`, secret: SECRET },
    ];
    const rule = { name: 'Edited', kind: 'error.new', channels };
    expect(
      (await fetch(`${server.origin}/api/alerts/rules`, { method: 'POST', headers: staff, body: JSON.stringify(rule) }))
        .status,
    ).toBe(201);
    const shown = (await (await fetch(`${server.origin}/api/alerts/rules`, { headers: staff })).json()) as {
      rules: { channels: unknown[] }[];
    };
    const put = await fetch(`${server.origin}/api/alerts/rules/edited`, {
      method: 'PUT',
      headers: staff,
      body: JSON.stringify({ ...rule, minCount: 3, channels: shown.rules[0]!.channels }),
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { minCount: number }).minCount).toBe(3);
    await fetch(`${server.origin}/api/alerts/rules/edited/test`, { method: 'POST', headers: staff });
    await slack.waitFor(2);
    expect(slack.received.map((request) => request.path).sort()).toEqual(['/hooks/alerts', '/services/T0/B0/secret']);
    const signed = slack.received.find((request) => request.path === '/hooks/alerts')!;
    expect(verifySignature(signed.headers, signed.body, SECRET, Math.floor(Date.now() / 1000))).toBe(true);
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((wake) => setTimeout(wake, 50));
  }
}
