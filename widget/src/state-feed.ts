import type { WidgetState } from '../../shared/bridge.ts';
import type { Delivery } from './delivery/delivery.ts';
import type { Identity } from './session.ts';
import { VERSION } from './version.ts';

/** What the state feed reads: the client's endpoint, its visitor's ids and its delivery. */
export interface StateSources {
  endpoint: string;
  identity: Identity;
  delivery: Pick<Delivery, 'state' | 'onChange'>;
}

/**
 * The widget's state as the extension shows it (version, endpoint, ids, queue, last sync), read on demand, and
 * pushed to subscribers whenever delivery changes it. Nothing is read while nobody listens. Made by the bridge, in
 * its chunk: no page without the extension pays for it.
 */
export function createStateFeed({ endpoint, identity, delivery }: StateSources) {
  const listeners = new Set<(state: WidgetState) => void>();
  const get = async (): Promise<WidgetState> => {
    const { queued, storage, lastSync } = await delivery.state();
    return {
      version: VERSION,
      endpoint,
      sessionId: identity.sessionId(),
      anonymousId: identity.anonymousId,
      queued,
      storage,
      lastSync,
    };
  };
  const stop = delivery.onChange(() => {
    if (!listeners.size) return;
    void get().then(
      (state) => {
        for (const listener of listeners) listener(state);
      },
      () => undefined,
    );
  });
  return {
    get,
    /** Stops listening to delivery. */
    stop,
    subscribe(listener: (state: WidgetState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
