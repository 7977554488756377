import { LIMITS } from '../../../shared/wire.ts';
import type { InsightEvent, Page, Props } from '../../../shared/protocol.ts';
import { routeTemplate } from '../../../shared/route-template.ts';
import { scrubText, scrubValue } from '../../../shared/scrub.ts';
import { clicksCollector } from '../collectors/clicks.ts';
import { consoleCollector } from '../collectors/console.ts';
import { errorsCollector } from '../collectors/errors.ts';
import { networkCollector } from '../collectors/network.ts';
import { pageViewsCollector } from '../collectors/page-views.ts';
import { performanceCollector } from '../collectors/performance.ts';
import { vitalsCollector } from '../collectors/vitals.ts';
import type { Logger } from '../debug-log.ts';
import type { Identity } from '../session.ts';
import type { Client, Collector } from '../types.ts';
import type { CaptureApi } from './api.ts';
import { createBreadcrumbs } from './breadcrumbs.ts';
import type { ConsentStorage } from './consent.ts';
import { deviceContext } from './device.ts';
import type { ErrorReporterFactory } from './lazy-error-reporter.ts';
import type { CaptureOptions } from './options.ts';
import { createUserStore } from './user.ts';

/** Event types that carry the device context (the rest share their session's). */
const WITH_DEVICE = new Set(['page', 'error', 'identify']);

/** Why a `track` call breaks the tracking plan: one short sentence per problem, none when it follows it. */
export type PlanCheck = (name: string, props: Props | undefined) => string[];

/** What the client needs from capture: the API methods, the event pipeline, the plan check and the collectors. */
export interface Capture {
  api: CaptureApi;
  /** Adds user and device, scrubs, runs `beforeSend`; undefined means drop. */
  prepare(event: InsightEvent): InsightEvent | undefined;
  /** Tags for a `track` call that breaks the tracking plan (warning in debug mode). */
  planTags(name: string, props: Props | undefined): string[] | undefined;
  start(client: Client): void;
  stop(): void;
  /** Resolves once every error reported so far is captured (the error pipeline may be loading). */
  settled(): Promise<void>;
}

/** Wires capture for one client. */
export function createCapture(
  options: CaptureOptions & { endpoint: string },
  environment: {
    window: Window;
    document: Document;
    now: () => number;
    consent: ConsentStorage;
    identity: Identity;
    log: Logger;
    errorReporter: ErrorReporterFactory;
    /** The plan check, if this client checks here; a promise while the plan loads (the script tag's debug mode). */
    checkPlan?: PlanCheck | Promise<PlanCheck>;
  },
): Capture {
  const { window: target, consent, identity, log } = environment;
  const user = createUserStore(consent);
  const breadcrumbs = createBreadcrumbs(environment.now);
  let client: Client | undefined;
  const reporter = environment.errorReporter(
    { capture: (event) => client?.capture(event), getSessionId: () => identity.sessionId() },
    breadcrumbs,
    options,
  );
  // A plan still loading (the script tag's debug mode) checks the calls made once it is in.
  let checkPlan: PlanCheck | undefined;
  if (environment.checkPlan instanceof Promise)
    void environment.checkPlan.then(
      (loaded) => (checkPlan = loaded),
      () => log.warn('the tracking plan did not load: tracked events are not checked here (the API still tags them)'),
    );
  else checkPlan = environment.checkPlan;
  const params = options.scrubParams ?? [];
  const off = new Set(options.disable ?? []);
  // Made at start, each on its own: a collector whose browser API is missing must not stop the others.
  const factories: [string, () => Collector][] = [
    ['errors', () => errorsCollector(reporter, target)],
    [
      'network',
      () =>
        networkCollector({ apiOrigins: options.apiOrigins, endpoint: options.endpoint }, breadcrumbs, reporter, target),
    ],
    ['console', () => consoleCollector(breadcrumbs)],
    ['clicks', () => clicksCollector(breadcrumbs, options.captureClicks ?? false, log.warn, environment.document)],
    ['vitals', () => vitalsCollector(log.warn)],
    ['performance', () => performanceCollector(log.warn, target)],
  ];
  if (options.autoPageViews !== false) factories.push(['page-views', () => pageViewsCollector(breadcrumbs, target)]);
  const active: Collector[] = [];
  // The events of one page share its URL, title and referrer: scrub those once per page, not once per event.
  let lastPage: { key: string; scrubbed: Page } | undefined;
  const scrubPage = (page: Page): Page => {
    const key = JSON.stringify(page);
    if (lastPage?.key !== key) lastPage = { key, scrubbed: scrubValue(page, params) };
    return { ...lastPage.scrubbed };
  };

  const api: CaptureApi = {
    identify(userId, traits) {
      if (typeof userId !== 'string' || !userId)
        return log.warn('identify(userId, traits) needs a non-empty user id', userId);
      // Opted out means nothing about this visitor is kept, not even who they are.
      if (consent.optedOut()) return;
      user.identify(userId, traits);
      client?.capture({ type: 'identify', userId, props: { traits: (traits ?? {}) as Props } });
    },
    reset() {
      user.reset();
      identity.reset();
    },
    page(props) {
      client?.capture({
        type: 'page',
        props: { cause: 'manual', route: routeTemplate(target.location.pathname), ...props },
      });
    },
    revenue(amount, currency, props) {
      const code = typeof currency === 'string' ? currency.toUpperCase() : '';
      if (typeof amount !== 'number' || !Number.isFinite(amount))
        return log.warn('revenue(amount, currency) needs a finite number amount', amount);
      if (!/^[A-Z]{3}$/.test(code))
        return log.warn('revenue(amount, currency) needs an ISO 4217 currency code like "EUR"', currency);
      // `REVENUE_EVENT` in shared/events.ts; not imported, so its valibot schemas stay out of the core bundle.
      client?.track('Revenue', { ...props, amount, currency: code });
    },
    captureError(error, context = {}) {
      const { kind, fingerprint, ...rest } = context;
      reporter.report(error, {
        kind: kind ?? 'js',
        fingerprint,
        handled: true,
        context: Object.keys(rest).length ? (rest as Props) : undefined,
      });
    },
    optOut: () => consent.optOut(),
    optIn: () => consent.optIn(),
  };

  return {
    api,
    prepare(event) {
      const userId = event.userId ?? user.userId();
      const traits = event.type === 'identify' ? undefined : user.publicTraits();
      const context = {
        ...event.context,
        ...(traits ? { user: traits as Props } : {}),
        ...(WITH_DEVICE.has(event.type) ? { device: deviceContext(target) as unknown as Props } : {}),
      };
      const scrubbed: InsightEvent = {
        ...event,
        ...(userId ? { userId } : {}),
        ...(event.name ? { name: scrubText(event.name) } : {}),
        ...(event.page ? { page: scrubPage(event.page) } : {}),
        ...(event.props ? { props: scrubValue(event.props, params) } : {}),
        ...(Object.keys(context).length ? { context: scrubValue(context, params) } : {}),
      };
      if (!options.beforeSend) return scrubbed;
      try {
        return options.beforeSend(scrubbed) || undefined;
      } catch (error) {
        log.warn('beforeSend threw; the event is sent as it was', error);
        return scrubbed;
      }
    },
    planTags(name, props) {
      // An over-long name is dropped by validation with its own warning; a plan warning on top would be noise.
      if (!checkPlan || name.length > LIMITS.nameLength) return undefined;
      const problems = checkPlan(name, props);
      if (!problems.length) return undefined;
      log.warn(`"${name}" breaks the tracking plan (sent, tagged off-plan): ${problems.join('; ')}`);
      return ['off-plan'];
    },
    settled: async () => reporter.settled?.(),
    start(started) {
      client = started;
      for (const [name, make] of factories) {
        if (off.has(name)) continue;
        try {
          const collector = make();
          collector.start(started);
          active.push(collector);
        } catch (error) {
          log.warn(`the ${name} collector failed to start`, error);
        }
      }
    },
    stop() {
      for (const collector of active) {
        try {
          collector.stop();
        } catch {
          // Stopping is best effort.
        }
      }
    },
  };
}
