import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import { parseAllowList } from '../outbound/address-policy.ts';
import { checkHost, systemResolver } from '../outbound/destination.ts';
import type { Resolver } from '../outbound/destination.ts';
import { DELIVERY_FAILED, DESTINATION_NOT_ALLOWED } from '../outbound/outbound-client.ts';
import type { OutboundResult } from '../outbound/outbound-client.ts';
import type { Mailer } from './send-on-channel.ts';

/** The error text of every SMTP failure after the connection was allowed: short and the same for all. */
const SMTP_NOT_ACCEPTED = 'the SMTP server did not accept the message';

/** What the mailer sends from and may connect to. */
export interface SmtpMailerOptions {
  from: string;
  /** The outbound allow-list (`INSIGHTS_OUTBOUND_ALLOW`): an SMTP server on an internal address must be on it. */
  allow: readonly string[];
  resolve?: Resolver;
  /** Where a refusal's detail goes (the operator's log). */
  warn?: (message: string) => void;
}

/**
 * A mailer over SMTP (nodemailer) from `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…:465`). The server's
 * name is resolved once per message and checked like every outbound request (no loopback, private or metadata
 * address unless allow-listed); nodemailer then connects to the checked address, with the name kept for TLS
 * (SNI and the certificate check), so a DNS answer that changes in between cannot point it inward. Connections
 * are not pooled: alerts are rare, and a fresh connection never sends on a dead one.
 */
export function createSmtpMailer(smtpUrl: string, options: SmtpMailerOptions): Mailer {
  const server = parseSmtpUrl(smtpUrl);
  const allow = parseAllowList(options.allow);
  const { resolve = systemResolver, warn = console.warn } = options;
  return async (mail, timeoutMs) => {
    const started = performance.now();
    const result = (fields: Omit<OutboundResult, 'durationMs'>): OutboundResult => ({
      ...fields,
      durationMs: Math.round(performance.now() - started),
    });
    const destination = await checkHost(server.name, allow, resolve).catch(() => ({
      ok: false as const,
      reason: `${server.name} could not be resolved`,
      literal: false,
    }));
    if (!destination.ok) {
      warn(`[crm-insights] SMTP connection refused: ${destination.reason}`);
      return result({ ok: false, error: destination.literal ? DESTINATION_NOT_ALLOWED : DELIVERY_FAILED });
    }
    const transport = createTransport({
      host: destination.address,
      port: server.port,
      secure: server.secure,
      ...(server.auth ? { auth: server.auth } : {}),
      ...(isIP(server.name) ? {} : { tls: { servername: server.name } }),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    try {
      // The socket timeout only catches silence: a server that keeps a reply coming a line at a time would hold
      // the send (and the alert loop waiting on it) for hours, so the whole exchange gets the attempt's timeout.
      const signal = AbortSignal.timeout(timeoutMs);
      await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, signal });
      return result({ ok: true });
    } catch {
      return result({ ok: false, error: SMTP_NOT_ACCEPTED });
    } finally {
      transport.close();
    }
  };
}

interface SmtpServer {
  name: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
}

/** Reads `SMTP_URL`; a URL that is not one stops the server's start with what it should look like. */
function parseSmtpUrl(smtpUrl: string): SmtpServer {
  let url: URL | undefined;
  try {
    url = new URL(smtpUrl);
  } catch {}
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname)
    throw new Error('SMTP_URL must look like smtp://user:pass@mail.example.com:587 or smtps://mail.example.com:465');
  const secure = url.protocol === 'smtps:';
  return {
    name: url.hostname.replace(/^\[|\]$/g, ''),
    // nodemailer's defaults: 465 for TLS on connect, else 587 (submission).
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
  };
}
