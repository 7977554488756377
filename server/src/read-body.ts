import type { Context } from 'hono';
import { HttpError } from './http-errors.ts';

/**
 * Reads a JSON body of at most `maxBytes`, whether sent as `application/json` or as `text/plain` (beacons use a
 * CORS-simple content type so they need no preflight). Too large is 413, unparsable is 400 with the reason.
 */
export async function readJsonBody(context: Context, maxBytes: number): Promise<unknown> {
  const declared = Number(context.req.header('content-length') ?? 0);
  if (declared > maxBytes) throw new HttpError(413, `body is ${declared} bytes; the limit is ${maxBytes}`);
  const text = await readLimitedText(context.req.raw, maxBytes);
  if (!text) throw new HttpError(400, 'body is empty: expected JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
  }
}

async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HttpError(413, `body is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
