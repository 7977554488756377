import { stickyDocKey } from '../../../shared/flags/sticky-bucket.ts';
import type { StickyAssignmentDoc, StickyAssignmentDocs } from '../../../shared/flags/types.ts';
import type { KeyValueStorage } from './config-cache.ts';

const STICKY_KEY = 'crm-insights:sticky-buckets';
/** Most sticky docs kept: one per hash attribute value, so a handful per browser; the cap guards against growth. */
const MAX_DOCS = 50;

/**
 * Keeps the user's sticky bucketing docs (GrowthBook's shape) in localStorage, so a user keeps their variation
 * when an experiment's weights or coverage change, across reloads. Read once, written on change.
 */
export function createStickyStore(storage: KeyValueStorage | undefined) {
  let docs: StickyAssignmentDocs | undefined;
  const load = (): StickyAssignmentDocs => {
    if (docs) return docs;
    try {
      const stored = JSON.parse(storage?.getItem(STICKY_KEY) ?? '{}') as unknown;
      docs = stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as StickyAssignmentDocs) : {};
    } catch {
      docs = {};
    }
    return docs;
  };
  return {
    docs: load,
    save(doc: StickyAssignmentDoc): void {
      const key = stickyDocKey(doc.attributeName, doc.attributeValue);
      const { [key]: _replaced, ...rest } = load();
      const kept = Object.entries(rest).slice(-(MAX_DOCS - 1));
      docs = { ...Object.fromEntries(kept), [key]: doc };
      try {
        storage?.setItem(STICKY_KEY, JSON.stringify(docs));
      } catch {
        // Without storage the assignment stays sticky for this page only.
      }
    },
  };
}
