import type { Context } from 'hono';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { HttpError } from './http-errors.ts';
import { checkJsonShape, DEFAULT_JSON_SHAPE, repairStrings } from './json-shape.ts';
import type { JsonShapeLimits } from './json-shape.ts';

const gunzipAsync = promisify(gunzip);
const utf8 = new TextDecoder();

/** Body limits: bytes on the wire, bytes after `Content-Encoding: gzip` is undone, and the JSON's depth and width. */
export interface BodyLimits extends Partial<JsonShapeLimits> {
  maxBytes: number;
  maxDecodedBytes?: number;
}

/**
 * Reads a JSON body whether sent as `application/json` or as `text/plain` (beacons use a CORS-simple content
 * type so they need no preflight), plain or gzip-compressed. The bytes received are bounded by the declared
 * `Content-Length` (or counted as they stream when there is none), and gzip is undone only up to
 * `maxDecodedBytes`, so a gzip bomb is refused with 413 after at most that much work, never inflated in full.
 * Unparsable is 400 with the parser's reason; too deep or too wide is 400 before anything recurses into it, and
 * lone surrogates and NUL become U+FFFD (see `json-shape.ts`).
 */
export async function readJsonBody(context: Context, limits: BodyLimits | number): Promise<unknown> {
  const { maxBytes, maxDecodedBytes = maxBytes, ...shape } = typeof limits === 'number' ? { maxBytes: limits } : limits;
  const declared = context.req.header('content-length');
  if (Number(declared ?? 0) > maxBytes) throw new HttpError(413, `body is ${declared} bytes; the limit is ${maxBytes}`);
  const encoding = (context.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip')
    throw new HttpError(415, `Content-Encoding "${encoding}" is not supported; send gzip or none`);
  const overLimit = () => new HttpError(413, `body is over the limit of ${maxBytes} bytes`);
  // An HTTP server reads exactly Content-Length bytes of body, so a declared length within the limit bounds
  // memory and the body can be read whole, without the cost of a web stream; the check after is for callers
  // in this process, whose Request may declare anything.
  const raw = await (declared === undefined
    ? readStreamWithin(context.req.raw.body, maxBytes, overLimit)
    : context.req.raw.arrayBuffer().then((buffer) => new Uint8Array(buffer))
  ).catch((error: unknown) => {
    if (error instanceof HttpError) throw error;
    // The client stopped sending (or the request timeout cut it off): nobody is left to answer, and nothing broke.
    throw new HttpError(400, 'the request body was cut off before it was complete');
  });
  if (raw.byteLength > maxBytes) throw overLimit();
  const bytes = encoding === 'gzip' ? await gunzipWithin(raw, maxDecodedBytes) : raw;
  const text = utf8.decode(bytes);
  if (!text) throw new HttpError(400, 'body is empty: expected JSON');
  checkJsonShape(text, { ...DEFAULT_JSON_SHAPE, ...shape });
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
  }
  return repairStrings(text, body);
}

/** Reads a streamed body whole, failing as soon as more than `max` bytes have come in. */
async function readStreamWithin(
  body: ReadableStream<Uint8Array> | null,
  max: number,
  overLimit: () => HttpError,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > max) {
      // The body is refused either way; a failure to cancel its stream has nothing to add.
      reader.cancel().catch(() => undefined);
      throw overLimit();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

/** Undoes gzip, stopping with 413 once the output passes `max` bytes (zlib's `maxOutputLength`). */
async function gunzipWithin(compressed: Uint8Array, max: number): Promise<Uint8Array> {
  try {
    return await gunzipAsync(compressed, { maxOutputLength: max });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new HttpError(413, `decompressed body is over the limit of ${max} bytes`);
    throw new HttpError(400, `body could not be decompressed: ${(error as Error).message}`);
  }
}
