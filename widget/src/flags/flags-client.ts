import { listExperiments } from '../../../shared/flags/list-experiments.ts';
import type {
  Attributes,
  FlagDetail,
  FlagEvaluation,
  FlagsConfig,
  JsonValue,
  Overrides,
} from '../../../shared/flags/types.ts';
import type { FlagsState, OverrideStatus } from '../../../shared/bridge.ts';
import { createConfigSource } from './config-source.ts';
import type { ConfigSourceEnvironment } from './config-source.ts';
import { describeFlags, explainable } from './flags-state.ts';
import { activeContextOf, isOnValue, takeSnapshot, userAttributes } from './evaluated.ts';
import type { FlagsSnapshot } from './evaluated.ts';
import { createFlagEvaluations } from './flag-evaluations.ts';
import { createOverrideState } from './override-state.ts';
import { readBootstrap } from './read-bootstrap.ts';
import type { ChunkLoader } from '../load-chunk.ts';

/** What the widget reports when an experiment decides a value the app reads (props of an `exposure` event). */
export interface Exposure {
  experiment: string;
  variation: string;
  forced: boolean;
  hashAttribute: string;
  hashValue: string;
}

/** Options of the flags client (the `flags` option of `createClient`). */
export interface FlagsOptions {
  /** A config rendered into the page by the server: used at once, so the first render shows no flicker. */
  bootstrap?: FlagsConfig;
  /**
   * The id of a `<script type="application/json">` in the page holding such a config (the script tag's
   * `data-flags-bootstrap`): read when the flags engine starts; `bootstrap` wins when both are given.
   */
  bootstrapElement?: string;
  /**
   * How often to fetch the config again, in ms (default 30 000, so a kill switch reaches open pages within a minute);
   * under 1000, or not a number, uses the default.
   */
  refreshInterval?: number;
  /** Honour the extension's overrides only with a valid signed override token. */
  productionMode?: boolean;
  /** Extra targeting attributes (plan, country, …) besides the ids the client fills in. */
  attributes?: Attributes;
  /** Checks a staff override token against the config (its public key); required for overrides in production mode. */
  verifyOverrideToken?: (token: string, config: FlagsConfig | undefined, anonymousId: string) => Promise<boolean>;
  /** Turn off network fetches (tests, or pages that only ever use `bootstrap`). */
  fetchConfig?: boolean;
  /** Keep each user's experiment variation when weights or coverage change (default true). */
  stickyBucketing?: boolean;
}

/** The globals the flags client uses; injectable so tests need neither a network nor a window. */
export interface FlagsEnvironment extends ConfigSourceEnvironment {
  /** The page's origin, which a signed override token must name when it names one. */
  origin?: string;
  /** Loads the `override-token` chunk; in the `flags` chunk, the core's loader (a chunk's own copy has no base URL). */
  loadOverrideToken?: ChunkLoader<'override-token'>;
}

/** What the flags client needs from the widget client: who the user is, and where exposures go. */
export interface FlagsHost {
  endpoint: string;
  writeKey: string;
  identity: () => { anonymousId: string; sessionId: string; userId?: string };
  expose: (exposure: Exposure) => void;
  warn?: (message: string) => void;
}

/** The stateful flags client: one config, one user, the current overrides; evaluation is the pure engine's. */
export interface FlagsClient {
  isOn(key: string): boolean;
  getFeatureValue<T extends JsonValue>(key: string, fallback: T): T;
  flagDetail(key: string): FlagDetail;
  getVariant(experimentKey: string): string | undefined;
  setAttributes(attributes: Attributes): void;
  applyOverrides(overrides: Overrides, token?: string): Promise<OverrideStatus>;
  state(): FlagsState;
  /** Flags and variants active now, for the `context` of every event; `overridden` when an override shaped them. */
  activeContext():
    | { flags: Record<string, JsonValue>; experiments: Record<string, string>; overridden: boolean }
    | undefined;
  subscribe(listener: () => void): () => void;
  refresh(): Promise<void>;
  stop(): void;
}

/** The engine's client adds what the script tag's lazy client keeps for the next page (see lazy-flags.ts). */
export interface EngineFlagsClient extends FlagsClient {
  /** Every flag as evaluated now, for the next page's first reads; none while overrides shape them. */
  snapshot(): FlagsSnapshot | undefined;
}

/** The app's reads of one flag or experiment: each evaluates it now, which reports its exposure. */
function singleFlagReads(
  evaluate: (key: string) => FlagEvaluation,
  config: () => FlagsConfig | undefined,
): Pick<FlagsClient, 'isOn' | 'getFeatureValue' | 'flagDetail' | 'getVariant'> {
  return {
    isOn: (key) => isOnValue(evaluate(key).value),
    getFeatureValue: (key, fallback) => {
      const value = evaluate(key).value;
      return (value === null ? fallback : value) as typeof fallback;
    },
    flagDetail: (key) => evaluate(key).detail,
    getVariant(experimentKey) {
      const summary = listExperiments(config()).find((experiment) => experiment.key === experimentKey);
      if (!summary) return undefined;
      const experiment = evaluate(summary.flag).detail.experiment;
      return experiment?.key === experimentKey ? experiment.variationKey : undefined;
    },
  };
}

/**
 * Creates the flags client. It starts from `bootstrap`, else the cached config (synchronously, so nothing
 * flickers), then fetches with the cached ETag, again every `refreshInterval` and when the page regains focus.
 * Listeners hear every change of config, attributes or overrides.
 */
export function createFlagsClient(
  host: FlagsHost,
  options: FlagsOptions,
  environment: FlagsEnvironment,
): EngineFlagsClient {
  let extraAttributes: Attributes = { ...options.attributes };
  const attributes = (): Attributes => userAttributes(host.identity(), extraAttributes);
  // The config source and the overrides report their changes to the evaluations, so they are made after them and
  // read through closures.
  const { evaluate, all, changed, subscribe, unsubscribeAll } = createFlagEvaluations(
    host,
    options,
    environment.storage,
    { config: () => source.config(), attributes, overrides: () => overrides.current() },
  );
  const bootstrap =
    options.bootstrap ??
    (options.bootstrapElement ? readBootstrap(options.bootstrapElement, environment.document, host.warn) : undefined);
  const source = createConfigSource(
    { ...options, bootstrap, endpoint: host.endpoint, writeKey: host.writeKey },
    environment,
    changed,
    host.warn,
  );
  const overrides = createOverrideState(host, options, environment, source.config, changed);

  return {
    ...singleFlagReads(evaluate, source.config),
    setAttributes(next) {
      extraAttributes = { ...next };
      changed();
    },
    applyOverrides: overrides.apply,
    state(): FlagsState {
      const evaluated = all();
      return {
        ...source.describe(),
        productionMode: !!options.productionMode,
        overrideStatus: overrides.status(),
        ...describeFlags(source.config(), evaluated),
        ...explainable(source.config(), attributes()),
      };
    },
    activeContext: () => (source.config() ? activeContextOf(all(), overrides.active()) : undefined),
    snapshot() {
      const config = source.config();
      return config && !overrides.active() ? takeSnapshot(config, attributes(), all()) : undefined;
    },
    subscribe,
    refresh: source.refresh,
    stop() {
      source.stop();
      unsubscribeAll();
    },
  };
}
