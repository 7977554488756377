import type { Props } from '../../../shared/protocol.ts';
import type { JsonValue } from '../../../shared/flags/types.ts';

/** The part of the client the bindings use: `window.crmInsights` or a `createClient()` result. */
export interface BindableClient {
  isOn(key: string): boolean;
  getFeatureValue<T extends JsonValue>(key: string, fallback: T): T;
  getVariant(experimentKey: string): string | undefined;
  track(name: string, props?: Props): void;
  flags: { subscribe(listener: () => void): () => void };
}

// `any` on purpose: React's and Preact's hook types differ in detail, and only these call shapes matter here.
/** The hooks and element factory of React (`import * as React from 'react'`) or Preact (`preact` + `preact/hooks`). */
export interface Framework {
  createContext(value: any): any;
  useContext(context: any): any;
  useState(initial: any): [any, (next: any) => void];
  useEffect(effect: () => void | (() => void), deps?: unknown[]): void;
  createElement(type: any, props: any, ...children: any[]): any;
}

/** The components and hooks `createBindings` makes; `Node` is the framework's renderable type (ReactNode, ComponentChildren). */
export interface ExperimentBindings<Node = unknown> {
  /** Provides the client to the tree and re-renders it when the config or the overrides change. */
  ExperimentProvider(props: { client?: BindableClient; children?: Node }): Node;
  /** Renders `children` when the flag is on, else `fallback`. */
  FeatureGate(props: { flag: string; children?: Node; fallback?: Node }): Node;
  /** Renders `children` when this user sees `variation` of `experiment` (reports the exposure). */
  ABTestVariant(props: { experiment: string; variation: string; children?: Node }): Node;
  /** A flag's value (`fallback` while no client or no such flag); re-renders on change. */
  useFeatureFlag<T extends JsonValue = boolean>(key: string, fallback?: T): T;
  /** The user's variation of an experiment, and `convert(event?, props?)` to record a conversion tagged with it. */
  useABTest(experiment: string): { variation: string | undefined; convert(event?: string, props?: Props): void };
  /** `track` of the client in context (a no-op until the script tag has loaded). */
  useAnalytics(): { track(name: string, props?: Props): void };
}

/** The script tag's client, once it has loaded (the loader stub has no `isOn`). */
function globalClient(target: Window | undefined): BindableClient | undefined {
  const candidate = (target as { crmInsights?: Partial<BindableClient> } | undefined)?.crmInsights;
  return typeof candidate?.isOn === 'function' && typeof candidate.flags?.subscribe === 'function' ? (candidate as BindableClient) : undefined;
}

/**
 * Makes the React or Preact bindings from that framework's own hooks, so one implementation serves both and the
 * npm entry imports neither. Without a `client` prop the provider uses `window.crmInsights` once the async script
 * tag has loaded (it announces itself with a `crm-insights:ready` window event); until then flags read their fallback.
 */
export function createBindings<Node = unknown>(framework: Framework, target: Window | undefined = typeof window === 'undefined' ? undefined : window): ExperimentBindings<Node> {
  const { createContext, useContext, useState, useEffect, createElement } = framework;
  const Context = createContext({ client: undefined, revision: 0 });
  const useCurrent = (): { client: BindableClient | undefined; revision: number } => useContext(Context);

  function ExperimentProvider({ client, children }: { client?: BindableClient; children?: unknown }) {
    const [resolved, setResolved] = useState(() => client ?? globalClient(target));
    const [revision, setRevision] = useState(0);
    useEffect(() => {
      if (client) return setResolved(client);
      if (resolved) return undefined;
      const onReady = () => setResolved(globalClient(target));
      target?.addEventListener('crm-insights:ready', onReady);
      onReady();
      return () => target?.removeEventListener('crm-insights:ready', onReady);
    }, [client]);
    useEffect(() => resolved?.flags.subscribe(() => setRevision((value: number) => value + 1)), [resolved]);
    return createElement(Context.Provider, { value: { client: resolved, revision } }, children);
  }

  const useFeatureFlag = <T extends JsonValue = boolean>(key: string, fallback?: T): T => {
    const { client } = useCurrent();
    if (!client) return (fallback ?? false) as T;
    return fallback === undefined ? (client.isOn(key) as T) : client.getFeatureValue(key, fallback);
  };
  const useABTest = (experiment: string) => {
    const { client } = useCurrent();
    const variation = client?.getVariant(experiment);
    return {
      variation,
      convert(event = 'Experiment Converted', props: Props = {}) {
        if (client && variation !== undefined) client.track(event, { ...props, experiment, variation });
      },
    };
  };
  const useAnalytics = () => {
    const { client } = useCurrent();
    return { track: (name: string, props?: Props) => client?.track(name, props) };
  };
  const FeatureGate = ({ flag, children, fallback = null }: { flag: string; children?: unknown; fallback?: unknown }) =>
    useFeatureFlag(flag) ? children : fallback;
  const ABTestVariant = ({ experiment, variation, children }: { experiment: string; variation: string; children?: unknown }) =>
    useABTest(experiment).variation === variation ? children : null;

  return { ExperimentProvider, FeatureGate, ABTestVariant, useFeatureFlag, useABTest, useAnalytics } as ExperimentBindings<Node>;
}
