import type { Props } from '../../../shared/protocol.ts';
import { routeTemplate } from '../../../shared/route-template.ts';
import { LIMITS } from '../../../shared/wire.ts';
import type { CapturedEvent } from '../../../shared/events.ts';
import type { Logger } from '../debug-log.ts';
import type { Identity } from '../session.ts';
import type { CaptureApi } from './api.ts';
import type { ConsentStorage } from './consent.ts';
import type { ErrorReporter } from './error-reporter.ts';
import type { UserStore } from './user.ts';

/** What the capture methods produce into and read from. */
interface CaptureApiSources {
  /** The event pipeline's way in. */
  capture(event: CapturedEvent & { userId?: string }): void;
  track(name: string, props?: Props): void;
  reporter: ErrorReporter;
  user: UserStore;
  identity: Identity;
  consent: ConsentStorage;
  log: Logger;
  location: Pick<Location, 'pathname'>;
}

/** Makes the capture methods of the client (`identify`, `reset`, `page`, `revenue`, `captureError`, consent). */
export function createCaptureApi(sources: CaptureApiSources): CaptureApi {
  const { user, consent, log } = sources;
  return {
    identify(userId, traits) {
      // Every later event carries the user id: one over the wire's name length would have them all refused.
      if (typeof userId !== 'string' || !userId || userId.length > LIMITS.nameLength)
        return log.warn(`identify(userId, traits) needs a user id of 1 to ${LIMITS.nameLength} characters`, userId);
      // Opted out means nothing about this visitor is kept, not even who they are.
      if (consent.optedOut()) return;
      try {
        user.identify(userId, traits);
      } catch (error) {
        return log.warn('identify(userId, traits) needs JSON traits within the event limits, 8 KB in all', error);
      }
      sources.capture({ type: 'identify', userId, props: { traits: { ...traits } } });
    },
    reset() {
      user.reset();
      sources.identity.reset();
    },
    page(props) {
      sources.capture({
        type: 'page',
        props: { cause: 'manual', route: routeTemplate(sources.location.pathname), ...props },
      });
    },
    revenue(amount, currency, props) {
      const code = typeof currency === 'string' ? currency.toUpperCase() : '';
      if (typeof amount !== 'number' || !Number.isFinite(amount))
        return log.warn('revenue(amount, currency) needs a finite number amount', amount);
      if (!/^[A-Z]{3}$/.test(code))
        return log.warn('revenue(amount, currency) needs an ISO 4217 currency code like "EUR"', currency);
      // `REVENUE_EVENT` in shared/events.ts; not imported, so its valibot schemas stay out of the core bundle.
      sources.track('Revenue', { ...props, amount, currency: code });
    },
    captureError(error, context) {
      // `|| {}`, not a default: a plain JS caller's `null` gets no default, and destructuring it threw into the page.
      const { kind, fingerprint, ...rest } = context || {};
      sources.reporter.report(error, {
        kind,
        fingerprint,
        handled: true,
        context: Object.keys(rest).length ? (rest as Props) : undefined,
      });
    },
    optOut: () => consent.optOut(),
    optIn: () => consent.optIn(),
  };
}
