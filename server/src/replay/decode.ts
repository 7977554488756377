import { gunzipSync } from 'node:zlib';
import { checkJsonShape } from '../json-shape.ts';
import type { JoinedSegment } from './reassemble.ts';

/** Largest decoded segment accepted: far above what a recorder sends, low enough to stop a gzip bomb. */
export const SEGMENT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * How deep and wide a segment's JSON may be: rrweb's DOM snapshots nest two levels per element (as in a bug
 * report's replay), and `JSON.stringify` of the answer overflows the stack a few thousand levels down.
 */
const SEGMENT_SHAPE = { maxDepth: 512, maxEntries: 1_000_000 };

/** A segment whose decoded text is larger than the caller allowed. */
export class SegmentTooLarge extends RangeError {}

/**
 * Decodes a joined segment back to its rrweb events and the length of their JSON text. Throws with the reason when
 * the data is not base64 gzip (or JSON) of an array within `maxBytes` and the shape limits, so the caller can
 * report the segment instead of failing the whole replay.
 */
export function decodeSegment(
  segment: Pick<JoinedSegment, 'encoding' | 'data'>,
  maxBytes = SEGMENT_MAX_BYTES,
): { events: unknown[]; chars: number } {
  const json = segment.encoding === 'gzip' ? gunzipWithin(segment.data, maxBytes) : segment.data;
  if (json.length > maxBytes) throw new SegmentTooLarge(`decodes to more than ${maxBytes} bytes`);
  checkJsonShape(json, SEGMENT_SHAPE);
  const events: unknown = JSON.parse(json);
  if (!Array.isArray(events)) throw new TypeError('segment is not a list of events');
  return { events, chars: json.length };
}

function gunzipWithin(base64: string, maxBytes: number): string {
  try {
    return gunzipSync(Buffer.from(base64, 'base64'), { maxOutputLength: maxBytes }).toString('utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new SegmentTooLarge(`decodes to more than ${maxBytes} bytes`);
    throw error;
  }
}
