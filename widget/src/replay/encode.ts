import { gzip } from '../delivery/compress.ts';

/** A segment as it travels: gzip then base64 where the browser can, else the JSON itself. */
export interface EncodedSegment {
  encoding: 'gzip' | 'none';
  data: string;
}

/**
 * Encodes a segment's JSON with the browser's CompressionStream (off the main thread), then base64, since the
 * wire format is JSON. Where CompressionStream is missing (Safari < 16.4) or fails, sends the JSON uncompressed.
 */
export async function encodeSegment(
  json: string,
  streams: { CompressionStream?: typeof CompressionStream } = globalThis,
): Promise<EncodedSegment> {
  const compressed = await gzip(json, streams);
  return compressed
    ? { encoding: 'gzip', data: toBase64(new Uint8Array(compressed)) }
    : { encoding: 'none', data: json };
}

/** Base64 of bytes; in slices because spreading a large array into `fromCharCode` overflows the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}
