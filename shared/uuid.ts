/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids sort by creation time, which keeps the
 * server's primary-key index append-mostly and makes "oldest first" a key-order scan in IndexedDB.
 */
export function uuidv7(now: number = Date.now()): string {
  const ms = Math.max(0, Math.floor(now)) % 2 ** 48;
  // The time part changes once a millisecond, and a burst makes many ids in one: made once per millisecond.
  if (ms !== lastMs) {
    const time = ms.toString(16).padStart(12, '0');
    timePart = `${time.slice(0, 8)}-${time.slice(8)}-`;
    lastMs = ms;
  }
  if (used + 10 > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    used = 0;
  }
  const at = used;
  used += 10;
  // Version 7 in the high nibble of byte 6, variant 0b10 in the top bits of byte 8 (RFC 9562, section 5.7).
  const version = HEX[(pool[at]! & 0x0f) | 0x70];
  const variant = HEX[(pool[at + 2]! & 0x3f) | 0x80];
  const node = `${hex(at + 4)}${hex(at + 5)}${hex(at + 6)}${hex(at + 7)}${hex(at + 8)}${hex(at + 9)}`;
  return `${timePart}${version}${hex(at + 1)}-${variant}${hex(at + 3)}-${node}`;
}

/** Reads the millisecond timestamp back out of a UUIDv7. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

const HEX = Array.from({ length: 256 }, (_, byte) => (byte + 256).toString(16).slice(1));
// One getRandomValues call per 256 ids: per id, the call cost more than building the whole id (capture bench). The
// pool is read in place: a view of it per id (`subarray`) cost a third of the id.
const pool = new Uint8Array(2560);
let used = pool.length;
let lastMs = Number.NaN;
let timePart = '';
/** Byte `index` of the pool as two hex digits. */
const hex = (index: number) => HEX[pool[index]!];
