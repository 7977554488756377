/** Values kept while their total size stays within a byte limit, the least recently used dropped first. */
export interface ByteBoundedLru<Value> {
  /** The value under `key`, which now counts as the most recently used; undefined when none is kept. */
  get(key: string): Value | undefined;
  has(key: string): boolean;
  /** Keeps `value` as the most recently used, dropping others until the total fits; one alone over the limit is not kept. */
  set(key: string, value: Value, bytes: number): void;
  /** Drops every key that starts with `prefix`. */
  deleteStartingWith(prefix: string): void;
  /** The total size of what is kept. */
  readonly bytes: number;
}

/** An LRU holding at most `limitBytes` of values, as their sizes are given to `set`. */
export function createByteBoundedLru<Value>(limitBytes: number): ByteBoundedLru<Value> {
  // A Map iterates in insertion order, so re-inserting a key on every use keeps the least recently used first.
  const entries = new Map<string, { value: Value; bytes: number }>();
  let total = 0;
  const remove = (key: string) => {
    total -= entries.get(key)?.bytes ?? 0;
    entries.delete(key);
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    has: (key) => entries.has(key),
    set(key, value, bytes) {
      remove(key);
      if (bytes > limitBytes) return;
      for (const oldest of entries.keys()) {
        if (total + bytes <= limitBytes) break;
        remove(oldest);
      }
      entries.set(key, { value, bytes });
      total += bytes;
    },
    deleteStartingWith(prefix) {
      for (const key of [...entries.keys()]) if (key.startsWith(prefix)) remove(key);
    },
    get bytes() {
      return total;
    },
  };
}
