import type { BindableClient, ClientState, FlagSnapshot, Framework } from './framework.ts';

/** The script tag's client, once it has loaded (the loader stub has no `isOn`). */
function globalClient(target: Window | undefined): BindableClient | undefined {
  const candidate = (target as { crmInsights?: Partial<BindableClient> } | undefined)?.crmInsights;
  return typeof candidate?.isOn === 'function' && typeof candidate.flags?.subscribe === 'function'
    ? (candidate as BindableClient)
    : undefined;
}

/** The provider's props: a client, or none to use `window.crmInsights`; a server snapshot for the first render. */
export interface ProviderProps {
  client?: BindableClient;
  snapshot?: FlagSnapshot;
  children?: unknown;
}

/**
 * The one provider every binding reads (exported as `AnalyticsProvider`, `ExperimentProvider` and
 * `ErrorTrackingProvider`). Without a `client` prop it uses `window.crmInsights` once the async script tag has
 * loaded (announced by a `crm-insights:ready` window event). Nothing here touches `window` before an effect runs,
 * so it renders on a server.
 */
export function createClientContext(framework: Framework, target: () => Window | undefined) {
  const { createContext, useContext, useState, useEffect, createElement } = framework;
  const Context = createContext({ client: undefined, revision: 0 } satisfies ClientState);
  const useClientState = (): ClientState => useContext(Context);

  function Provider({ client, snapshot, children }: ProviderProps) {
    // With a server snapshot, the first render uses only what server and client both know, so hydration matches;
    // without one (a page rendered in the browser) a script tag that already loaded answers at once.
    const [resolved, setResolved] = useState(() => client ?? (snapshot ? undefined : globalClient(target())));
    const [revision, setRevision] = useState(0);
    useEffect(() => {
      if (client) return setResolved(client);
      const view = target();
      const onReady = () => setResolved(globalClient(view));
      view?.addEventListener('crm-insights:ready', onReady);
      onReady();
      return () => view?.removeEventListener('crm-insights:ready', onReady);
    }, [client]);
    useEffect(
      () => (resolved as BindableClient | undefined)?.flags.subscribe(() => setRevision((value: number) => value + 1)),
      [resolved],
    );
    return createElement(
      Context.Provider,
      { value: { client: resolved, revision, snapshot } satisfies ClientState },
      children,
    );
  }

  return { Context, Provider, useClientState };
}
