import type { FlagDetail, JsonValue } from '../../shared/flags/types.ts';
import type { InsightEvent, Props } from '../../shared/protocol.ts';
import type { CaptureApi } from './capture/api.ts';
import type { CaptureOptions } from './capture/options.ts';
import type { FlagsClient, FlagsOptions } from './flags/flags-client.ts';
import type { ReplayOptions } from './replay/options.ts';
import type { DeliveryOptions } from './delivery/delivery.ts';

/** Options for `createClient`; the script tag fills them from its `data-*` attributes. Delivery tuning is in `DeliveryOptions`. */
export interface ClientOptions extends DeliveryOptions {
  /** API base URL, e.g. `https://insights.example.com/api`. */
  endpoint: string;
  /** The project's public write key. */
  writeKey: string;
  /** Print the widget's warnings (bad input, failed sends) to the console. Default false. */
  debug?: boolean;
  /** Release or build id of the host app, attached to every event. */
  release?: string;
  /** What is captured and how it is scrubbed: API origins, scrubbed params, `beforeSend`, tracking plan, clicks (docs/widget.md "Configuration"). */
  capture?: CaptureOptions;
  /** Feature flags: `bootstrap` config, `refreshInterval`, `productionMode`, `attributes` (docs/flags.md "Flags in the widget"). */
  flags?: FlagsOptions;
  /** Session replay: `{ mode: 'off' | 'buffer' | 'session', sampleRate? }`; off by default. */
  replay?: ReplayOptions;
}

/** A capability plugged into the client: made by a factory, started once, stopped once. */
export interface Collector {
  name: string;
  start(client: Client): void;
  stop(): void;
}

/** The result of a `flush()`: how many events went out, and how many are still waiting. */
export interface FlushResult {
  delivered: number;
  pending: number;
}

/** The public client API, also exposed as `window.crmInsights` by the script tag. */
export interface Client extends CaptureApi {
  /** Records a product analytics event. */
  track(name: string, props?: Props): void;
  /** Sends everything in the outbox; settles when it is delivered (rejects if a send fails). */
  flush(): Promise<FlushResult>;
  /** The current session id. */
  getSessionId(): string;
  /** Records an already-built event of any type (used by collectors). */
  capture(
    event: Omit<InsightEvent, 'id' | 'ts' | 'sessionId' | 'anonymousId'> & Partial<Pick<InsightEvent, 'ts'>>,
  ): void;
  /** The flags client: subscribe to changes, set targeting attributes, read the state the extension shows. */
  flags: FlagsClient;
  /** Whether a flag is on (any value but `false`, `null`, `0`, `''`); a missing flag is off. */
  isOn(key: string): boolean;
  /** A flag's value, or `fallback` when the config has no such flag. */
  getFeatureValue<T extends JsonValue>(key: string, fallback: T): T;
  /** Why a flag has its value: source, rule id, experiment variation, whether a hash or an override decided. */
  flagDetail(key: string): FlagDetail;
  /** The variation key this user sees in an experiment (reports the exposure), or undefined when not in it. */
  getVariant(experimentKey: string): string | undefined;
  /** Stops collectors and timers; queued events stay in the outbox for the next page. */
  shutdown(): void;
}
