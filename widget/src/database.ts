import type { InsightEvent } from '../../shared/protocol.ts';
import { requested } from './idb-promises.ts';

/** An event waiting in the outbox, with what the sender needs to batch and order it. */
export interface OutboxItem {
  id: string;
  event: InsightEvent;
  /** Serialized size, so batches stay under byte limits without re-serializing. */
  bytes: number;
  /** Higher survives longer when the outbox is full (analytics 0 < errors, feedback, bug reports). */
  priority: number;
  createdAt: number;
  /** Send attempts so far; the next send stamps `attempt: attempts + 1` on the event. */
  attempts?: number;
  /**
   * The event's JSON as the pipeline made it to check its size, so writing the item does not serialize the event
   * again; never stored. A plain property: kept in a WeakMap beside the event it made every garbage collection walk
   * the map's ephemerons, which halved the rate of `track()` into IndexedDB.
   */
  json?: string;
}

/**
 * The items of one priority written together. IndexedDB pays for every record it writes (about 0.1 ms each in
 * Chromium), so a burst goes into one record, not one per event. `id` is the first item's id, and stays the key
 * while the record's items leave. `bits` lists the set bits of the item count, so the `by-count-bit` index counts all
 * items with a few index counts (see `countItems`); an index over every item's id (schema version 3) had to be
 * written item by item, and cost more than the items themselves. `items` is the items' JSON: Chromium clones a value
 * it indexes (serializes it, then reads it back for the index keys), which for 1,000 items as objects cost more than
 * turning them into one string does, and a string is cloned at the cost of copying it.
 */
export interface OutboxRecord {
  id: string;
  priority: number;
  bits: number[];
  items: string;
}

/**
 * The widget's one IndexedDB schema; every store is declared here and nowhere else (in the shape of idb's
 * `DBSchema`, which tests use to read the database raw).
 */
export interface InsightsSchema {
  outbox: { key: string; value: OutboxRecord; indexes: { 'by-priority': [number, string]; 'by-count-bit': number } };
}

/** An item's JSON as stored: its event's JSON as the pipeline made it when it has it (`JSON.stringify` gives the same). */
function itemJson({ event, json, ...item }: OutboxItem): string {
  return `${JSON.stringify(item).slice(0, -1)},"event":${json ?? JSON.stringify(event)}}`;
}

/** The bits an item count may have: a record holds one write slice (1,000 items), far below 2 ** 16. */
export const COUNT_BITS = [...Array(16).keys()];

/**
 * A record holding `items` (all of one priority), under `key` or else under the first item's id. Takes no items
 * (an old record gone wrong, in an upgrade) without throwing.
 */
export function outboxRecord(items: OutboxItem[], key = items[0]!.id): OutboxRecord {
  return {
    id: key,
    priority: items[0]!.priority,
    bits: COUNT_BITS.filter((bit) => (items.length >> bit) & 1),
    items: `[${items.map(itemJson).join()}]`,
  };
}

/**
 * A record's items. A corrupt record, or one from version 2 (one item, no `items`), is handed on as one item, so the
 * outbox counts and removes it (or, in the upgrade, keeps it) like any other; a version 3 record holds them as objects.
 */
export function itemsOf(record: OutboxRecord): OutboxItem[] {
  try {
    const items: unknown = typeof record.items === 'string' ? JSON.parse(record.items) : record.items;
    if (Array.isArray(items)) return items;
  } catch {
    // Not JSON: corrupt.
  }
  return [record as unknown as OutboxItem];
}

/** What the database tells its user about other tabs and the browser. */
export interface DatabaseEvents {
  /** Another tab holds an older version open and has not closed it yet: our upgrade waits. */
  blocked?(): void;
  /** Another tab wants to upgrade: close so it can, then reopen. */
  blocking?(): void;
  /** The browser closed the connection under us (storage cleared, disk error). */
  terminated?(): void;
}

export const DATABASE_NAME = 'crm-insights';
const DATABASE_VERSION = 4;

/** Opens (and upgrades) the widget's database. Rejects when IndexedDB is missing or refuses to open. */
export function openDatabase(events: DatabaseEvents = {}): Promise<IDBDatabase> {
  let request: IDBOpenDBRequest;
  try {
    // Some privacy modes throw on merely reading `indexedDB`, or on opening.
    request = indexedDB.open(DATABASE_NAME, DATABASE_VERSION);
  } catch (error) {
    return Promise.reject(error);
  }
  request.onupgradeneeded = (event) => upgrade(request.result, request.transaction!, event.oldVersion);
  request.onblocked = () => events.blocked?.();
  return requested(request).then((db) => {
    db.onversionchange = () => events.blocking?.();
    db.onclose = () => events.terminated?.();
    return db;
  });
}

/**
 * Brings a database at `oldVersion` to the current schema. Additive only: every step creates what is missing and
 * never drops a store another feature still reads (only the outbox read the `by-event` index). Everything is asked of
 * the upgrade transaction synchronously or from its own request events, so it stays active to the end; a failing
 * write aborts it, and the open fails.
 */
function upgrade(db: IDBDatabase, transaction: IDBTransaction, oldVersion: number): void {
  if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
  const outbox = transaction.objectStore('outbox');
  if (oldVersion < 2 && !outbox.indexNames.contains('by-priority'))
    outbox.createIndex('by-priority', ['priority', 'id']);
  if (oldVersion >= 4) return;
  outbox.createIndex('by-count-bit', 'bits', { multiEntry: true });
  // Version 3's index of every item id.
  if (oldVersion === 3) outbox.deleteIndex('by-event');
  // A new database has nothing to bring over.
  if (!oldVersion) return;
  // Up to version 2 a record was one item: each becomes a record of one. A version 3 record is rewritten with the
  // bits of its count, its items as JSON, and without the ids the dropped index read. (A tab still on an older
  // version is told to close by the upgrade, so it never reads this shape.) A corrupt one becomes a record of one
  // invalid item, which the outbox counts, and removes when it reads it. One read of every record (the outbox holds
  // at most its item limit) and a write of each, from the read's own success event: a write that throws there
  // aborts the transaction, and the open fails.
  const all = outbox.getAll();
  all.onsuccess = () => {
    for (const record of all.result) outbox.put(outboxRecord(itemsOf(record), record.id));
  };
}
