import { OpenFeatureEventEmitter, ProviderEvents } from '@openfeature/web-sdk';
import type { EvaluationContext, JsonValue, Provider } from '@openfeature/web-sdk';
import type { Attributes, FlagDetail } from '../../../shared/flags/types.ts';
import { attributesOf, toResolution } from './resolution.ts';

/** The part of the widget's client the web provider uses: `window.crmInsights` or a `createClient()` result. */
export interface ProviderClient {
  flagDetail(key: string): FlagDetail;
  flags: { subscribe(listener: () => void): () => void; setAttributes(attributes: Attributes): void };
}

/**
 * An OpenFeature web provider (https://openfeature.dev/docs/reference/concepts/provider) over the widget's own
 * flags client: evaluations are the engine's, exposures are reported as the widget reports them, staff overrides
 * apply, and a new config or override emits `ConfigurationChanged` so OpenFeature's React hooks re-render.
 * The evaluation context's `targetingKey` becomes the `id` attribute that rollouts and experiments hash on.
 */
export function crmInsightsWebProvider(client: ProviderClient): Provider {
  const events = new OpenFeatureEventEmitter();
  let unsubscribe: (() => void) | undefined;
  const resolve =
    <T extends boolean | string | number | JsonValue>(type: 'boolean' | 'string' | 'number' | 'object') =>
    (key: string, defaultValue: T) =>
      toResolution(client.flagDetail(key), defaultValue, type);
  return {
    metadata: { name: 'crm-insights' },
    runsOn: 'client',
    events,
    async initialize(context?: EvaluationContext) {
      if (context) client.flags.setAttributes(attributesOf(context));
      unsubscribe = client.flags.subscribe(() => events.emit(ProviderEvents.ConfigurationChanged));
    },
    async onContextChange(_previous: EvaluationContext, next: EvaluationContext) {
      client.flags.setAttributes(attributesOf(next));
    },
    async onClose() {
      unsubscribe?.();
    },
    resolveBooleanEvaluation: resolve<boolean>('boolean'),
    resolveStringEvaluation: resolve<string>('string'),
    resolveNumberEvaluation: resolve<number>('number'),
    resolveObjectEvaluation: resolve('object'),
  } as Provider;
}
