import { createTransport } from 'nodemailer';
import type { Mailer } from './alert-notifier.ts';

/**
 * A mailer over SMTP (nodemailer) from `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…:465`), sending from
 * `from`. Connections are not pooled: alerts are rare, and a fresh connection never sends on a dead one.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = createTransport(smtpUrl);
  return async (mail) => {
    await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
  };
}
