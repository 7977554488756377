/** FNV-1a, 32 bit, over UTF-16 code units: the hash GrowthBook's SDKs use, so every SDK buckets alike. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    // Multiplying by the FNV prime 16777619 with shifts keeps the arithmetic exact within 32 bits.
    hash += (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24);
  }
  return hash >>> 0;
}

/**
 * A user's position (0–1) for a seed, as GrowthBook computes it: version 2 hashes twice to remove the bias of
 * version 1, which hashes `value + seed` once. Any other version gives `null`.
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(`${fnv1a32(seed + value)}`) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}
