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
    // The bytes are written into the compressor as they are. Read through `new Blob([text]).stream()` they went to
    // the browser process and back first: Chromium keeps blob data there
    // (https://chromium.googlesource.com/chromium/src/+/main/storage/browser/blob/README.md).
    const compressor = new Compression('gzip');
    const writer = compressor.writable.getWriter();
    // A failed write errors the readable side too, so the read below rejects and lands in the catch.
    writer
      .write(new TextEncoder().encode(text))
      .then(() => writer.close())
      .catch(() => undefined);
    return await new Response(compressor.readable).arrayBuffer();
  } catch {
    return undefined;
  }
}
