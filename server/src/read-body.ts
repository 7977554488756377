import type { Context } from 'hono';
import { HttpError } from './http-errors.ts';

/** Body limits: bytes on the wire, and bytes after `Content-Encoding: gzip` is undone. */
export interface BodyLimits {
  maxBytes: number;
  maxDecodedBytes: number;
}

/**
 * Reads a JSON body whether sent as `application/json` or as `text/plain` (beacons use a CORS-simple content
 * type so they need no preflight), plain or gzip-compressed. Both the bytes received and the bytes they
 * inflate to are counted as they stream, so a gzip bomb is refused with 413 after at most `maxDecodedBytes`
 * of work, never inflated in full. Unparsable is 400 with the parser's reason.
 */
export async function readJsonBody(context: Context, limits: BodyLimits | number): Promise<unknown> {
  const { maxBytes, maxDecodedBytes } = typeof limits === 'number' ? { maxBytes: limits, maxDecodedBytes: limits } : limits;
  const declared = Number(context.req.header('content-length') ?? 0);
  if (declared > maxBytes) throw new HttpError(413, `body is ${declared} bytes; the limit is ${maxBytes}`);
  const encoding = (context.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') throw new HttpError(415, `Content-Encoding "${encoding}" is not supported; send gzip or none`);
  const request = context.req.raw;
  if (!request.body) throw new HttpError(400, 'body is empty: expected JSON');
  let stream = request.body.pipeThrough(byteLimit(maxBytes, `body is over the limit of ${maxBytes} bytes`));
  if (encoding === 'gzip') {
    stream = stream
      .pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)
      .pipeThrough(byteLimit(maxDecodedBytes, `decompressed body is over the limit of ${maxDecodedBytes} bytes`));
  }
  let text: string;
  try {
    text = await new Response(stream).text();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, `body could not be decompressed: ${(error as Error).message}`);
  }
  if (!text) throw new HttpError(400, 'body is empty: expected JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A pass-through stream that fails with 413 once more than `max` bytes have gone through it. */
function byteLimit(max: number, message: string): TransformStream<Uint8Array, Uint8Array> {
  let size = 0;
  return new TransformStream({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > max) controller.error(new HttpError(413, message));
      else controller.enqueue(chunk);
    },
  });
}
