import { safely } from '../safely.ts';

/** The one key kept while opted out: the choice itself. */
export const OPT_OUT_KEY = 'crm-insights:opt-out';

/**
 * Wraps localStorage so nothing is written while the visitor has opted out (`optOut()`), and forgets what was
 * stored (ids, user) at the moment they opt out. Reads still work so the choice itself can be read.
 */
export interface ConsentStorage extends Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  optedOut(): boolean;
  optOut(): void;
  optIn(): void;
}

/** Makes the consent-aware storage over `storage` (undefined: memory only). */
export function createConsentStorage(storage: Storage | undefined): ConsentStorage {
  const memory = new Map<string, string>();
  let optedOut = safely(() => storage?.getItem(OPT_OUT_KEY) === '1') ?? false;
  const self: ConsentStorage = {
    getItem: (key) => safely(() => storage?.getItem(key)) ?? memory.get(key) ?? null,
    setItem(key, value) {
      memory.set(key, value);
      if (!optedOut) safely(() => storage?.setItem(key, value));
    },
    removeItem(key) {
      memory.delete(key);
      safely(() => storage?.removeItem(key));
    },
    optedOut: () => optedOut,
    optOut() {
      optedOut = true;
      safely(() => {
        for (let index = (storage?.length ?? 0) - 1; index >= 0; index--) {
          const key = storage?.key(index);
          if (key?.startsWith('crm-insights:')) storage?.removeItem(key);
        }
        storage?.setItem(OPT_OUT_KEY, '1');
      });
    },
    optIn() {
      optedOut = false;
      safely(() => storage?.removeItem(OPT_OUT_KEY));
    },
  };
  return self;
}

/** The page's localStorage, or undefined where touching it throws (sandboxed iframes, some privacy modes). */
export function localStorageIn(target: Window): Storage | undefined {
  // Storage throws in sandboxed frames and when full; the widget carries on in memory.
  return safely(() => target.localStorage);
}
