import { browserEnvironment, createClientWith } from './client.ts';
import type { ClientEnvironment, InspectableClient } from './client.ts';
import { createErrorReporter } from './capture/error-reporter.ts';
import * as send from './chunks/send.ts';
import { createLogger } from './debug-log.ts';
import { createFlagsClient } from './flags/flags-client.ts';
import { createPlanTagger } from './pipeline/plan-tags.ts';
import { checkEvent } from '../../shared/tracking-plan/check-event.ts';
import { CRM_TRACKING_PLAN } from '../../shared/tracking-plan/crm-plan.ts';
import type { ClientOptions } from './types.ts';

/**
 * Creates the widget client for apps that bundle it (the npm entry): the flags engine, the error pipeline and the
 * sending half of delivery are part of the app's bundle, so flags evaluate synchronously from the first call, with
 * no chunk to load; `track` is checked against the CRM tracking plan unless `capture.trackingPlan` says otherwise.
 */
export function createClient(
  options: ClientOptions,
  environment: ClientEnvironment = browserEnvironment(),
): InspectableClient {
  const plan = options.capture?.trackingPlan ?? CRM_TRACKING_PLAN;
  const planTags = plan
    ? createPlanTagger((name, props) => checkEvent(plan, name, props), createLogger(options.debug ?? false))
    : undefined;
  return createClientWith(
    { flags: createFlagsClient, errorReporter: createErrorReporter, planTags, send: async () => send },
    options,
    environment,
  );
}
