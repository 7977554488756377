import { record } from '@rrweb/record';
import { startRecorder } from '../replay/recorder.ts';
import type { RecordedEvent, Recorder, RecorderOptions, RecordFunction } from '../replay/recorder.ts';

/**
 * The on-demand replay chunk: rrweb's recorder (record only, no player) and the recorder that cuts its events
 * into chunks. Loaded by the core with `loadChunk('replay')` only on pages that record.
 */
export function startReplayRecorder(options: Omit<RecorderOptions<RecordedEvent>, 'record'>): Recorder {
  // rrweb's option types are wider than the slice the recorder passes; the cast narrows to that slice.
  return startRecorder({ ...options, record: record as unknown as RecordFunction<RecordedEvent>, checkout: () => record.takeFullSnapshot(true) });
}
