import { OpenFeatureEventEmitter, ProviderEvents } from '@openfeature/server-sdk';
import type { EvaluationContext, JsonValue, Provider, ResolutionDetails } from '@openfeature/server-sdk';
import { evaluateFlag } from '../../../shared/flags/evaluate-flag.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { fetchConfig } from '../flags/fetch-config.ts';
import { attributesOf, toResolution } from './resolution.ts';
import type { FlagType } from './resolution.ts';

/** Where the server provider's config comes from: given, or fetched from the API and kept current. */
export interface ServerProviderOptions {
  /** A config to evaluate (no network). */
  config?: FlagsConfig;
  /** The API base URL (`https://host/api`), when the config is fetched. */
  endpoint?: string;
  /** The public write key the config is fetched with. */
  writeKey?: string;
  /** How often the config is checked for changes (ms). Default 30000; 0 checks only at start. */
  refreshInterval?: number;
  fetch?: typeof fetch;
}

/** The server provider, plus the config it evaluates, to hand to the browser as the widget's bootstrap. */
export type ServerProvider = Provider & { config(): FlagsConfig | undefined };

/**
 * An OpenFeature server provider (Node) over the same engine as the widget, so a user gets the same value and
 * variation on the server as in the browser; `config()` is what to render into the page as the widget's bootstrap,
 * so hydration sees the same values.
 */
export function crmInsightsServerProvider(options: ServerProviderOptions): ServerProvider {
  const events = new OpenFeatureEventEmitter();
  let config = options.config;
  let etag: string | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  const refresh = async () => {
    const result = await fetchConfig(options.endpoint!, options.writeKey ?? '', etag, options.fetch ?? fetch);
    if (result.status === 'failed') throw new Error(result.error);
    if (result.status === 'modified') {
      const changed = config !== undefined;
      ({ config, etag } = result);
      if (changed) events.emit(ProviderEvents.ConfigurationChanged);
    }
  };
  const resolve =
    <T extends boolean | string | number | JsonValue>(type: FlagType) =>
    async (key: string, defaultValue: T, context: EvaluationContext): Promise<ResolutionDetails<T>> => {
      if (!config)
        return {
          value: defaultValue,
          reason: 'ERROR',
          errorCode: 'PROVIDER_NOT_READY' as never,
          errorMessage: 'the flags config has not loaded',
        };
      return toResolution(evaluateFlag(key, config, attributesOf(context)).detail, defaultValue, type);
    };
  return {
    metadata: { name: 'crm-insights' },
    runsOn: 'server',
    events,
    config: () => config,
    async initialize() {
      if (config) return;
      if (!options.endpoint) throw new Error('crm-insights provider: give either config or endpoint (and writeKey)');
      await refresh();
      const every = options.refreshInterval ?? 30_000;
      if (every > 0) {
        timer = setInterval(
          () => void refresh().catch((error: unknown) => events.emit(ProviderEvents.Error, { message: String(error) })),
          every,
        );
        timer.unref?.();
      }
    },
    async onClose() {
      clearInterval(timer);
    },
    resolveBooleanEvaluation: resolve<boolean>('boolean'),
    resolveStringEvaluation: resolve<string>('string'),
    resolveNumberEvaluation: resolve<number>('number'),
    resolveObjectEvaluation: resolve('object'),
  } as ServerProvider;
}
