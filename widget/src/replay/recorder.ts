import type { CapturedEvent } from '../../../shared/events.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { createChunkSender } from './chunk-sender.ts';
import type { EncodedSegment } from './encode.ts';
import { PRIVATE_RECORD_OPTIONS } from './privacy.ts';
import { createRecordingBuffer } from './recording-buffer.ts';

/** The part of an rrweb event the recorder reads. */
export interface RecordedEvent {
  timestamp: number;
}

/** The slice of rrweb's `record` the recorder uses; injectable so the logic is testable without a DOM recorder. */
export type RecordFunction<E extends RecordedEvent> = (
  options: {
    emit: (event: E, isCheckout?: boolean) => void;
    checkoutEveryNms?: number;
    errorHandler?: (error: unknown) => boolean | void;
  } & typeof PRIVATE_RECORD_OPTIONS,
) => (() => void) | undefined;

/** What starts a recorder. */
export interface RecorderOptions<E extends RecordedEvent> {
  mode: 'buffer' | 'session';
  record: RecordFunction<E>;
  /** Where the chunks go: the client's `capture`. */
  capture(event: Extract<CapturedEvent, { type: 'replay' }>): void;
  now?: () => number;
  /** Buffer mode keeps at least this much of the past (ms). Default 60 s. */
  windowMs?: number;
  /** Session mode sends what it has this often (ms). Default 5 s. */
  sendIntervalMs?: number;
  /**
   * Most characters of one chunk's data: the protocol's `REPLAY_DATA_MAX_CHARS`, passed in by the core so this
   * chunk does not bundle the protocol's validation library a second time.
   */
  partMaxChars: number;
  /**
   * Buffer mode holds at most about this many events (default 30 000): past it the oldest segments go, and when one
   * segment alone is too big a checkout (`checkout`) starts a new one, so a busy page cannot grow memory unbounded.
   */
  maxBufferedEvents?: number;
  /** Takes a full snapshot now, emitted as a checkout (rrweb's `record.takeFullSnapshot(true)`). */
  checkout?: () => void;
  /** Largest segment JSON before it is cut (characters). Default 512 KB. */
  segmentMaxChars?: number;
  encode?: (json: string) => Promise<EncodedSegment>;
  /**
   * Removes emails, tokens, keys and card numbers from the recorded strings (text, attributes, URLs) before they
   * are sent; passed in by the core, which has the scrubber already, so this chunk does not carry a second copy.
   */
  scrub?: (events: E[]) => E[];
  document?: Document;
}

/** A running recorder. */
export interface Recorder {
  readonly replayId: string;
  /** Sends what has not been sent yet (buffer mode: the window; session mode: what is pending); resolves the chunk count. */
  upload(reason: string): Promise<number>;
  stop(): void;
}

/**
 * Records the page with rrweb and sends it as ordered, compressed chunks through `capture`, so chunks use the
 * outbox like every event. Buffer mode keeps a rolling window that starts with a full snapshot (rrweb checkouts
 * every half window) and sends it only when asked; session mode sends everything every few seconds.
 */
export function startRecorder<E extends RecordedEvent>(options: RecorderOptions<E>): Recorder {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const replayId = uuidv7(now());
  const buffer = createRecordingBuffer<E>({ ...options, now, windowMs });
  const upload = uploadInOrder(buffer.takeUnsent, createChunkSender(replayId, options));
  const stopRecording = recordPrivately(options, windowMs, buffer.add);
  const stopSessionUploads = scheduleSessionUploads(options, upload);
  return {
    replayId,
    upload,
    stop() {
      stopSessionUploads();
      stopRecording?.();
    },
  };
}

/** Makes uploads that take their events when called and send them after the earlier uploads have sent theirs. */
function uploadInOrder<E>(
  takeUnsent: () => E[],
  send: (events: E[], reason: string) => Promise<number>,
): Recorder['upload'] {
  let queue: Promise<unknown> = Promise.resolve();
  return (reason) => {
    // Taken now, sent in order: a later upload waits for the earlier one's sequence numbers.
    const events = takeUnsent();
    const run = queue.then(() => (events.length ? send(events, reason) : 0));
    queue = run.catch(() => undefined);
    return run;
  };
}

/** Starts rrweb with the private options, so that nothing going wrong in recording reaches the page. */
function recordPrivately<E extends RecordedEvent>(
  options: Pick<RecorderOptions<E>, 'mode' | 'record'>,
  windowMs: number,
  emit: (event: E, isCheckout?: boolean) => void,
): (() => void) | undefined {
  return options.record({
    ...PRIVATE_RECORD_OPTIONS,
    emit: (event, isCheckout) => {
      try {
        emit(event, isCheckout);
      } catch {
        // A recording problem must never reach the page.
      }
    },
    // Buffer: a checkout every half window keeps the window starting with a full snapshot. Session: one every
    // 5 minutes, so a lost chunk or a session that rolls over mid-page costs at most 5 minutes of playback.
    checkoutEveryNms: options.mode === 'buffer' ? windowMs / 2 : 5 * 60_000,
    // Errors inside rrweb's observers are handled (swallowed) here rather than thrown into the page's handlers.
    errorHandler: () => true,
  });
}

/** Session mode's uploads, every few seconds and when the page is hidden; returns what stops them. */
function scheduleSessionUploads<E extends RecordedEvent>(
  options: Pick<RecorderOptions<E>, 'mode' | 'sendIntervalMs' | 'document'>,
  upload: Recorder['upload'],
): () => void {
  const timer =
    options.mode === 'session'
      ? setInterval(() => void upload('interval').catch(() => undefined), options.sendIntervalMs ?? 5000)
      : undefined;
  // Hidden is the last state a page is reliably seen in before it is closed or discarded, so what is pending goes
  // now: https://developer.mozilla.org/en-US/docs/Web/API/Document/visibilitychange_event
  const onHidden = () => {
    if (options.document?.visibilityState === 'hidden' && options.mode === 'session')
      void upload('hidden').catch(() => undefined);
  };
  options.document?.addEventListener('visibilitychange', onHidden);
  return () => {
    if (timer !== undefined) clearInterval(timer);
    options.document?.removeEventListener('visibilitychange', onHidden);
  };
}
