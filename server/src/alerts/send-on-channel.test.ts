import { describe, expect, it } from 'vitest';
import type { OutboundResult } from '../outbound/outbound-client.ts';
import { notificationsFor } from './alert-evaluator.ts';
import { signatureHeaders, slackBody, webhookBody } from './alert-formats.ts';
import type { AlertMessage } from './alert-repository.ts';
import type { AlertChannel } from './alert-rule.ts';
import { sendOnChannel } from './send-on-channel.ts';
import type { Mailer } from './send-on-channel.ts';

const NOW = Date.UTC(2026, 11, 6, 12);
const BASE = 'https://insights.example.com';
const SECRET = 'whsec_0123456789abcdef';
const message: AlertMessage = {
  event: 'firing',
  title: '[FIRING] Checkout errors',
  text: 'Error spike',
  ruleId: 'checkout-errors',
  ruleName: 'Checkout errors',
  kind: 'error.spike',
  page: 'errors',
  at: NOW,
};
const SENT: OutboundResult = { ok: true, status: 200, durationMs: 1 };

/** Sends `message` once on `channel`, recording what went to the outbound client and (if any) to the mailer. */
async function sendTo(channel: AlertChannel, withMailer = true) {
  const posts: unknown[][] = [];
  const mails: unknown[][] = [];
  const [notification] = notificationsFor({ id: 'checkout-errors', channels: [channel] }, message, NOW);
  const mailer: Mailer = async (...args) => {
    mails.push(args);
    return SENT;
  };
  const result = await sendOnChannel(
    {
      outbound: {
        post: async (...args) => {
          posts.push(args);
          return SENT;
        },
      },
      mailer: withMailer ? mailer : undefined,
      baseUrl: () => BASE,
      now: () => NOW,
    },
    notification!,
  )(700);
  return { result, posts, mails };
}

const json = { 'Content-Type': 'application/json', 'User-Agent': 'crm-insights-alerts' };

describe('sending a notification on its channel', () => {
  it.each([
    ['slack', { type: 'slack', url: 'https://hooks.slack.example/services/T/B/x' }, slackBody(message, BASE), json],
    [
      'webhook',
      { type: 'webhook', url: 'https://hooks.example.com/alerts', secret: SECRET },
      webhookBody(message, BASE),
      { ...json, ...signatureHeaders(SECRET, webhookBody(message, BASE), NOW) },
    ],
  ] as const)('posts a %s body with its headers and the timeout', async (_, channel, body, headers) => {
    const { result, posts, mails } = await sendTo(channel);
    expect(result).toEqual(SENT);
    expect(posts).toEqual([[channel.url, body, headers, 700]]);
    expect(mails).toEqual([]);
  });

  it('mails an email channel through the mailer, with the timeout', async () => {
    const { result, posts, mails } = await sendTo({ type: 'email', to: ['ops@example.com'] });
    expect(result).toEqual(SENT);
    expect(posts).toEqual([]);
    expect(mails).toEqual([
      [{ to: ['ops@example.com'], subject: '[FIRING] Checkout errors', text: expect.stringContaining(BASE) }, 700],
    ]);
  });

  it('fails an email channel for good when no SMTP server is configured', async () => {
    const { result, posts } = await sendTo({ type: 'email', to: ['ops@example.com'] }, false);
    expect(result).toEqual({ ok: false, final: true, error: 'SMTP is not configured (SMTP_URL)', durationMs: 0 });
    expect(posts).toEqual([]);
  });
});
