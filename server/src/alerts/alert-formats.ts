import { createHmac } from 'node:crypto';
import { escapeMrkdwn } from '../outbound/slack-mrkdwn.ts';
import type { AlertMessage } from './alert-repository.ts';

const EMOJI: Record<AlertMessage['event'], string> = {
  firing: ':rotating_light:',
  resolved: ':white_check_mark:',
  test: ':wave:',
  scaling: ':arrow_up_down:',
};

/** The dashboard link of a message: `<base>/dashboard/<page>`. */
function dashboardLink(message: AlertMessage, baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/dashboard/${message.page}`;
}

/**
 * A Slack incoming-webhook body in Block Kit (https://api.slack.com/reference/block-kit/blocks): a header, the
 * sentence, the rule and time, and a button to the dashboard page. `text` is the notification fallback. User
 * text (error messages) is escaped so it cannot mention `@channel` or make links.
 */
export function slackBody(message: AlertMessage, baseUrl: string): string {
  const link = dashboardLink(message, baseUrl);
  return JSON.stringify({
    text: `${message.title}: ${escapeMrkdwn(message.text)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${message.title}`.slice(0, 150), emoji: true } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${EMOJI[message.event]} ${escapeMrkdwn(message.text)}`.slice(0, 3000) },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `rule \`${escapeMrkdwn(message.ruleId)}\` (${message.kind}) · ${new Date(message.at).toISOString()}`,
          },
        ],
      },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in dashboard' }, url: link }],
      },
    ],
  });
}

/** The generic webhook's JSON body: the message as is, plus the dashboard link. */
export function webhookBody(message: AlertMessage, baseUrl: string): string {
  return JSON.stringify({ ...message, link: dashboardLink(message, baseUrl) });
}

/**
 * Signature headers for a webhook body: `X-Insights-Timestamp` (Unix seconds) and `X-Insights-Signature`
 * `v1=<hex HMAC-SHA256 of "<timestamp>.<body>" with the channel's secret>`; the receiver checks both and
 * refuses timestamps older than 5 minutes (replays). Verification snippet: docs/operations.md.
 */
export function signatureHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'X-Insights-Timestamp': timestamp, 'X-Insights-Signature': `v1=${signature}` };
}

/** The email of a message: subject and plain text with the link. */
export function emailContent(message: AlertMessage, baseUrl: string): { subject: string; text: string } {
  return {
    subject: `${message.title}`.slice(0, 200),
    text: `${message.text}\n\nRule: ${message.ruleName} (${message.ruleId}, ${message.kind})\nAt: ${new Date(message.at).toISOString()}\n\n${dashboardLink(message, baseUrl)}\n`,
  };
}
