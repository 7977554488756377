/**
 * Gzips a request body with the browser's CompressionStream; undefined where the API is missing (Safari < 16.4),
 * so the caller sends it uncompressed instead.
 */
export async function gzip(
  text: string,
  streams: { CompressionStream?: typeof CompressionStream } = globalThis,
): Promise<ArrayBuffer | undefined> {
  const Compression = streams.CompressionStream;
  if (!Compression) return undefined;
  try {
    const stream = new Blob([text]).stream().pipeThrough(new Compression('gzip'));
    return await new Response(stream).arrayBuffer();
  } catch {
    return undefined;
  }
}
