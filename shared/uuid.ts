/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids sort by creation time, which keeps the
 * server's primary-key index append-mostly and makes "oldest first" a key-order scan in IndexedDB.
 */
export function uuidv7(now: number = Date.now()): string {
  const random = randomBytes(10);
  random[0] = (random[0]! & 0x0f) | 0x70;
  random[2] = (random[2]! & 0x3f) | 0x80;
  const time = (Math.max(0, Math.floor(now)) % 2 ** 48).toString(16).padStart(12, '0');
  const hex = (from: number, to: number) => {
    let out = '';
    for (let index = from; index < to; index++) out += HEX[random[index]!];
    return out;
  };
  return `${time.slice(0, 8)}-${time.slice(8)}-${hex(0, 2)}-${hex(2, 4)}-${hex(4, 10)}`;
}

/** Reads the millisecond timestamp back out of a UUIDv7. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

const HEX = Array.from({ length: 256 }, (_, byte) => (byte + 256).toString(16).slice(1));
let pool = new Uint8Array(0);
let used = 0;

// One getRandomValues call per 256 ids: per id, the call cost more than building the whole id (capture bench).
function randomBytes(count: number): Uint8Array {
  if (used + count > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(2560));
    used = 0;
  }
  used += count;
  return pool.subarray(used - count, used);
}
