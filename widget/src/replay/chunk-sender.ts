import { splitEvents, splitParts } from './chunking.ts';
import { encodeSegment } from './encode.ts';
import type { RecordedEvent, RecorderOptions } from './recorder.ts';

/** What sending reads of the recorder's options. */
type ChunkSenderOptions<E extends RecordedEvent> = Pick<
  RecorderOptions<E>,
  'mode' | 'capture' | 'partMaxChars' | 'segmentMaxChars' | 'encode' | 'scrub'
>;

/** Makes the sender of events as scrubbed, encoded chunks numbered in one sequence; it resolves the chunk count. */
export function createChunkSender<E extends RecordedEvent>(replayId: string, options: ChunkSenderOptions<E>) {
  const segmentMaxChars = options.segmentMaxChars ?? 512 * 1024;
  const encode = options.encode ?? encodeSegment;
  let seq = 0;
  return async (events: E[], reason: string): Promise<number> => {
    let chunks = 0;
    for (const group of splitEvents(options.scrub ? options.scrub(events) : events, segmentMaxChars)) {
      const { encoding, data } = await encode(JSON.stringify(group));
      const parts = splitParts(data, options.partMaxChars);
      parts.forEach((part, index) => {
        options.capture({
          type: 'replay',
          name: 'replay chunk',
          data: part,
          props: {
            replayId,
            seq: seq++,
            part: index,
            final: index === parts.length - 1,
            encoding,
            mode: options.mode,
            reason,
          },
        });
        chunks++;
      });
    }
    return chunks;
  };
}
