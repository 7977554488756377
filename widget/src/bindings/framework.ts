import type { Props } from '../../../shared/protocol.ts';
import type { JsonValue } from '../../../shared/flags/types.ts';
import type { CaptureErrorContext } from '../capture/api.ts';
import type { UserTraits } from '../../../shared/tracking-plan/user-properties.ts';

/** The part of the client the bindings use: `window.crmInsights` or a `createClient()` result. */
export interface BindableClient {
  isOn(key: string): boolean;
  getFeatureValue<T extends JsonValue>(key: string, fallback: T): T;
  getVariant(experimentKey: string): string | undefined;
  track(name: string, props?: Props): void;
  flags: { subscribe(listener: () => void): () => void };
  identify?(userId: string, traits?: UserTraits): void;
  page?(props?: Props): void;
  revenue?(amount: number, currency: string, props?: Props): void;
  captureError?(error: unknown, context?: CaptureErrorContext): void;
  /** The script tag's feedback members (absent on a bare `createClient()`). */
  feedback?: { open(prompt?: string): unknown };
  nps?: { show(surveyId?: string): unknown };
  featureRequests?: { open(): unknown };
}

// biome-ignore-start lint/suspicious/noExplicitAny: React's and Preact's types differ in detail, and only these call shapes matter here.
/** The hooks, element factory and component class of React (`import * as React from 'react'`) or Preact. */
export interface Framework {
  createContext(value: any): any;
  useContext(context: any): any;
  useState(initial: any): [any, (next: any) => void];
  useEffect(effect: () => void | (() => void), deps?: unknown[]): void;
  useRef(initial: any): { current: any };
  createElement(type: any, props: any, ...children: any[]): any;
  Component: any;
}
// biome-ignore-end lint/suspicious/noExplicitAny: see above

/** What every binding reads from the provider: the client (once there is one), a revision that changes with flags, and the server's snapshot. */
export interface ClientState {
  client: BindableClient | undefined;
  revision: number;
  snapshot?: FlagSnapshot;
}

/**
 * Flag values and experiment variations evaluated on the server for one user: what the hooks answer until the
 * client is ready, so a server-rendered page hydrates with the same values (see `flagSnapshot`).
 */
export interface FlagSnapshot {
  flags: Record<string, JsonValue>;
  experiments: Record<string, string>;
}
