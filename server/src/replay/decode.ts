import { gunzipSync } from 'node:zlib';
import type { JoinedSegment } from './reassemble.ts';

/** Largest decoded segment accepted: far above what a recorder sends, low enough to stop a gzip bomb. */
const SEGMENT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Decodes a joined segment back to its rrweb events. Throws with the reason when the data is not base64 gzip (or
 * JSON) of an array, so the caller can report the segment instead of failing the whole replay.
 */
export function decodeSegment(
  segment: Pick<JoinedSegment, 'encoding' | 'data'>,
  maxBytes = SEGMENT_MAX_BYTES,
): unknown[] {
  const json =
    segment.encoding === 'gzip'
      ? gunzipSync(Buffer.from(segment.data, 'base64'), { maxOutputLength: maxBytes }).toString('utf8')
      : segment.data;
  const events: unknown = JSON.parse(json);
  if (!Array.isArray(events)) throw new TypeError('segment is not a list of events');
  return events;
}
