import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeSegment, toBase64 } from './encode.ts';

describe('encodeSegment', () => {
  const json = JSON.stringify([{ type: 2, timestamp: 1, data: { text: 'é ✓ '.repeat(500) } }]);

  it('gzips and base64-encodes with CompressionStream', async () => {
    const encoded = await encodeSegment(json);
    expect(encoded.encoding).toBe('gzip');
    expect(encoded.data).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(encoded.data.length).toBeLessThan(json.length / 4);
    expect(gunzipSync(Buffer.from(encoded.data, 'base64')).toString('utf8')).toBe(json);
  });

  it('sends the JSON itself where CompressionStream is missing or fails', async () => {
    await expect(encodeSegment(json, {})).resolves.toEqual({ encoding: 'none', data: json });
    const Broken = (() => {
      throw new TypeError('unsupported');
    }) as unknown as typeof CompressionStream;
    await expect(encodeSegment(json, { CompressionStream: Broken })).resolves.toEqual({ encoding: 'none', data: json });
  });
});

describe('toBase64', () => {
  it.each([0, 1, 2, 3, 0x8000, 0x8000 * 3 + 7])('matches Node for %i bytes', (length) => {
    const bytes = Uint8Array.from({ length }, (_, index) => (index * 31) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
