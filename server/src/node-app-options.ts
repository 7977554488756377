import type { AppOptions } from './app.ts';
import { createSmtpMailer } from './alerts/smtp-mailer.ts';
import type { Operations } from './operations.ts';
import { createLogger } from './request-log.ts';
import type { Settings } from './settings.ts';
import type { Storage } from './storage/types.ts';

/** What the Node runner has made before the app: its storage, operations, clock and (once it listens) its origin. */
interface NodeAppParts {
  operations: Operations;
  storage: Storage;
  now?: () => number;
  loopbackOrigin: () => string | undefined;
}

/** The app's options from the server's settings, with the runner's defaults for what the settings leave out. */
export function nodeAppOptions(
  settings: Settings,
  { operations, storage, now, loopbackOrigin }: NodeAppParts,
): AppOptions {
  return {
    operations,
    logger: createLogger(settings.logLevel ?? 'warn'),
    metricsToken: settings.metricsToken,
    mailer: settings.smtpUrl
      ? createSmtpMailer(settings.smtpUrl, {
          from: settings.alertEmailFrom ?? 'crm-insights <alerts@localhost>',
          allow: settings.outboundAllow ?? [],
        })
      : undefined,
    publicUrl: settings.publicUrl,
    capacity: {
      retentionDays: settings.retentionDays ?? 0,
      cpuCoreHourPrice: settings.capacityPrices?.cpuCoreHour ?? 0,
      diskGbMonthPrice: settings.capacityPrices?.diskGbMonth ?? 0,
      currency: settings.capacityPrices?.currency ?? 'USD',
      saturationEventsPerSecond: settings.capacitySaturation ?? 0,
    },
    now,
    storage,
    writeKey: settings.writeKey,
    readKey: settings.readKey,
    staffTokens: settings.staffTokens,
    allowedOrigins: settings.allowedOrigins,
    rateLimit: settings.rateLimitPerMinute
      ? { perMinute: settings.rateLimitPerMinute, burst: settings.rateLimitPerMinute }
      : undefined,
    trustProxy: settings.trustProxy,
    storageQuotas: settings.storageQuotas,
    rateLimitStore: settings.rateLimitStore ?? (settings.databaseUrl ? 'database' : 'memory'),
    trackingPlan: settings.trackingPlan,
    outboundPolicy: { allow: settings.outboundAllow ?? [] },
    webhookClaimMs: settings.webhookClaimMs,
    loopbackOrigin,
    publicDir: settings.publicDir,
  };
}
