import { record } from '@rrweb/record';
import { startRecorder } from '../replay/recorder.ts';
import type { RecordedEvent, Recorder, RecorderOptions, RecordFunction } from '../replay/recorder.ts';

export { startReplay } from '../replay/controller.ts';

/**
 * The on-demand replay chunk: the controller (uploads on errors and bug reports, `flush`), rrweb's recorder (record
 * only, no player) and the recorder that cuts its events into chunks. Loaded by the script tag's core only in a
 * session that records (see replay/lazy-replay.ts).
 */
export function startReplayRecorder(options: Omit<RecorderOptions<RecordedEvent>, 'record'>): Recorder {
  // rrweb's option types are wider than the slice the recorder passes; the cast narrows to that slice.
  return startRecorder({
    ...options,
    record: record as unknown as RecordFunction<RecordedEvent>,
    checkout: () => record.takeFullSnapshot(true),
  });
}
