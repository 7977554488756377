import { useEffect, useState } from 'preact/hooks';
import { activeOverrides, applyOverrideChange, clearOverrides } from '../lib/override-store.ts';
import type { OverrideChange, OverridesByOrigin } from '../lib/override-store.ts';
import { overridesItem } from '../lib/storage-items.ts';

/** The origin's live overrides (kept in step with storage), `change` and `clearAll`, and the error to show. */
export function useOriginOverrides(origin: string | undefined) {
  const [all, setAll] = useState<OverridesByOrigin>({});
  const [error, setError] = useState('');
  useEffect(() => {
    void overridesItem.getValue().then(setAll);
    return overridesItem.watch((next) => setAll(next ?? {}));
  }, []);
  const entry = origin ? activeOverrides(all, origin, Date.now()) : undefined;
  const change = async (what: OverrideChange) => {
    if (!origin) return;
    setError('');
    await overridesItem.setValue(applyOverrideChange(await overridesItem.getValue(), origin, what, Date.now()));
  };
  const clearAll = async () => origin && overridesItem.setValue(clearOverrides(await overridesItem.getValue(), origin));
  return { entry, error, setError, change, clearAll };
}
