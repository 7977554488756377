import type { CapturedEvent } from '../../../shared/events.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { splitEvents, splitParts } from './chunking.ts';
import { encodeSegment } from './encode.ts';
import type { EncodedSegment } from './encode.ts';
import { PRIVATE_RECORD_OPTIONS } from './privacy.ts';
import { trimToWindow } from './window-buffer.ts';
import type { Segment } from './window-buffer.ts';

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

interface Numbered<E> {
  index: number;
  event: E;
}

/**
 * Records the page with rrweb and sends it as ordered, compressed chunks through `capture`, so chunks use the
 * outbox like every event. Buffer mode keeps a rolling window that starts with a full snapshot (rrweb checkouts
 * every half window) and sends it only when asked; session mode sends everything every few seconds.
 */
export function startRecorder<E extends RecordedEvent>(options: RecorderOptions<E>): Recorder {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const segmentMaxChars = options.segmentMaxChars ?? 512 * 1024;
  const encode = options.encode ?? encodeSegment;
  const replayId = uuidv7(now());
  let segments: Segment<Numbered<E>>[] = [];
  let counter = 0;
  let lastSent = -1;
  let seq = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let checkoutPending = false;
  const maxBufferedEvents = options.maxBufferedEvents ?? 30_000;

  /** Keeps buffer mode within its event bound, at the price of a window shorter than a minute on a busy page. */
  const bound = () => {
    let total = segments.reduce((sum, segment) => sum + segment.events.length, 0);
    while (total > maxBufferedEvents && segments.length > 1) total -= segments.shift()!.events.length;
    if (total <= maxBufferedEvents || checkoutPending || !options.checkout) return;
    checkoutPending = true;
    // Not from inside rrweb's emit: the snapshot would re-enter it. The next task is soon enough.
    setTimeout(() => {
      checkoutPending = false;
      try {
        options.checkout?.();
      } catch {
        // rrweb stopped meanwhile; nothing to bound any more.
      }
    });
  };

  const emit = (event: E, isCheckout?: boolean) => {
    const item = { index: counter++, event };
    if (isCheckout || !segments.length) {
      segments.push({ startedAt: event.timestamp, events: [item] });
      if (options.mode === 'buffer') segments = trimToWindow(segments, now(), windowMs);
    } else {
      segments[segments.length - 1]!.events.push(item);
    }
    if (options.mode === 'buffer') bound();
    // Session mode keeps only what is not sent yet; there is no window to replay from.
  };

  /** Takes the events not sent yet: in buffer mode only those still in the window. */
  const takeUnsent = (): E[] => {
    if (options.mode === 'buffer') segments = trimToWindow(segments, now(), windowMs);
    const unsent = segments.flatMap((segment) => segment.events).filter((item) => item.index > lastSent);
    const last = unsent[unsent.length - 1];
    if (last) lastSent = last.index;
    if (options.mode === 'session') segments = [];
    return unsent.map((item) => item.event);
  };

  const send = async (events: E[], reason: string): Promise<number> => {
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

  const upload = (reason: string): Promise<number> => {
    // Taken now, sent in order: a later upload waits for the earlier one's sequence numbers.
    const events = takeUnsent();
    const run = queue.then(() => (events.length ? send(events, reason) : 0));
    queue = run.catch(() => undefined);
    return run;
  };

  const stopRecording = options.record({
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

  const timer =
    options.mode === 'session'
      ? setInterval(() => void upload('interval').catch(() => undefined), options.sendIntervalMs ?? 5000)
      : undefined;
  const onHidden = () => {
    if (options.document?.visibilityState === 'hidden' && options.mode === 'session')
      void upload('hidden').catch(() => undefined);
  };
  options.document?.addEventListener('visibilitychange', onHidden);

  return {
    replayId,
    upload,
    stop() {
      if (timer !== undefined) clearInterval(timer);
      options.document?.removeEventListener('visibilitychange', onHidden);
      stopRecording?.();
    },
  };
}
