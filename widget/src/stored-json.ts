import { safely } from './safely.ts';

/** The slice of the Storage API a stored value needs (localStorage in browsers). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * One JSON value under one localStorage key. Reading gives `undefined` when the value is missing, corrupt, not
 * what `accept` expects, or storage is unreadable (privacy modes); writing never throws (a full or forbidden
 * storage only costs the next page its instant start).
 */
export function storedJson<T>(storage: KeyValueStorage | undefined, key: string, accept: (value: T | null) => boolean) {
  return {
    read: (): T | undefined =>
      safely(() => {
        const raw = storage?.getItem(key);
        const value = raw ? (JSON.parse(raw) as T | null) : null;
        return value !== null && accept(value) ? value : undefined;
      }),
    write: (value: T): void => void safely(() => storage?.setItem(key, JSON.stringify(value))),
  };
}

/** Whether `key` holds a value; `false` where storage is missing or unreadable. */
export function hasItem(storage: Pick<Storage, 'getItem'> | undefined, key: string): boolean {
  return !!safely(() => storage?.getItem(key));
}
