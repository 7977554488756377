import type { FlagDetail, JsonValue } from '../../shared/flags/types.ts';
import type { Props } from '../../shared/protocol.ts';
import type { CaptureApi } from './capture/api.ts';
import type { CaptureOptions } from './capture/options.ts';
import type { FlagsClient, FlagsOptions } from './flags/flags-client.ts';
import type { ReplayOptions } from './replay/options.ts';
import type { DeliveryOptions } from './delivery/delivery.ts';
import type { EventInput } from './pipeline/event-input.ts';

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
}

/**
 * What the script tag reads from its `data-*` attributes: the client's options and session replay, which the script
 * tag starts itself (with `createClient`, replay is `startReplay(client, options)`).
 */
export interface ScriptTagOptions extends ClientOptions {
  /** Session replay: `{ mode: 'off' | 'buffer' | 'session', sampleRate? }`; off by default. */
  replay?: ReplayOptions;
}

/** What a capture plugin produces into: the event pipeline's way in, and `track` for app-defined events. */
export type PluginClient = Pick<Client, 'capture' | 'track'>;

/**
 * A capture plugin: made by a factory, set up once with the client; `setup` returns its teardown. Plugins only
 * produce events: enrichment, scrubbing and delivery are the pipeline's (pipeline/event-pipeline.ts).
 */
export interface CapturePlugin {
  name: string;
  setup(client: PluginClient): () => void;
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
  /** Records an event of any type, typed by `CapturedEvent` in shared/events.ts (used by collectors). */
  capture(event: EventInput): void;
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
