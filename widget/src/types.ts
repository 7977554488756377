import type { InsightEvent, Props } from '../../shared/protocol.ts';
import type { CaptureApi } from './capture/api.ts';
import type { CaptureOptions } from './capture/options.ts';
import type { DeliveryOptions } from './delivery/delivery.ts';
import type { ReplayOptions } from './replay/options.ts';

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
  /** What is captured and how it is scrubbed: API origins, scrubbed params, `beforeSend`, tracking plan, clicks (README "Configuration"). */
  capture?: CaptureOptions;
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
  capture(event: Omit<InsightEvent, 'id' | 'ts' | 'sessionId' | 'anonymousId'> & Partial<Pick<InsightEvent, 'ts'>>): void;
  /** Stops collectors and timers; queued events stay in the outbox for the next page. */
  shutdown(): void;
}
