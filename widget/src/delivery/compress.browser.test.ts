import { describe, expect, it } from 'vitest';
import { gzip } from './compress.ts';

/** What DecompressionStream makes of `bytes`. */
async function gunzip(bytes: ArrayBuffer): Promise<string> {
  return new Response(new Response(bytes).body!.pipeThrough(new DecompressionStream('gzip'))).text();
}

describe('gzip', () => {
  it('compresses a batch so that the browser decompresses it to the same text', async () => {
    const text = JSON.stringify({
      events: Array.from({ length: 2000 }, (_, index) => ({ id: index, note: 'né ✓ 🚀' })),
    });
    const compressed = await gzip(text);
    expect(compressed).toBeInstanceOf(ArrayBuffer);
    expect(compressed!.byteLength).toBeLessThan(text.length / 5);
    expect(await gunzip(compressed!)).toBe(text);
  });

  it('gives undefined where CompressionStream is missing, so the body goes plain', async () => {
    await expect(gzip('{"events":[]}', {})).resolves.toBeUndefined();
  });

  it('gives undefined when the compressor fails, instead of throwing', async () => {
    class Failing extends TransformStream<Uint8Array, Uint8Array> {
      constructor() {
        super({
          transform(_chunk, controller) {
            controller.error(new TypeError('broken'));
          },
        });
      }
    }
    await expect(
      gzip('{"events":[]}', { CompressionStream: Failing as unknown as typeof CompressionStream }),
    ).resolves.toBeUndefined();
  });
});
