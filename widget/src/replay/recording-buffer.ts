import { trimToWindow } from './window-buffer.ts';
import type { Segment } from './window-buffer.ts';

/** An event with its place in the recording, so an upload knows what the earlier ones sent. */
interface Numbered<E> {
  index: number;
  event: E;
}

/** What the buffer needs: the recorder's mode, its clock and window, the event bound and rrweb's checkout. */
interface RecordingBufferOptions {
  mode: 'buffer' | 'session';
  now: () => number;
  windowMs: number;
  /** Default 30 000 events. */
  maxBufferedEvents?: number;
  checkout?: () => void;
}

/** Holds what rrweb emits, in segments that each start at a checkout, until it is taken for sending. */
export function createRecordingBuffer<E extends { timestamp: number }>(options: RecordingBufferOptions) {
  const { mode, now, windowMs } = options;
  const maxEvents = options.maxBufferedEvents ?? 30_000;
  const requestCheckout = options.checkout && checkoutSoon(options.checkout);
  let segments: Segment<Numbered<E>>[] = [];
  let counter = 0;
  let lastSent = -1;
  return {
    /** Adds one emitted event; a checkout (or the first event) starts a new segment. */
    add(event: E, isCheckout?: boolean): void {
      const item = { index: counter++, event };
      if (isCheckout || !segments.length) {
        segments.push({ startedAt: event.timestamp, events: [item] });
        if (mode === 'buffer') segments = trimToWindow(segments, now(), windowMs);
      } else {
        segments[segments.length - 1]!.events.push(item);
      }
      if (mode === 'buffer') bound(segments, maxEvents, requestCheckout);
    },
    /** Takes the events not sent yet: in buffer mode only those still in the window. */
    takeUnsent(): E[] {
      if (mode === 'buffer') segments = trimToWindow(segments, now(), windowMs);
      const unsent = segments.flatMap((segment) => segment.events).filter((item) => item.index > lastSent);
      const last = unsent[unsent.length - 1];
      if (last) lastSent = last.index;
      // Session mode keeps only what is not sent yet; there is no window to replay from.
      if (mode === 'session') segments = [];
      return unsent.map((item) => item.event);
    },
  };
}

/**
 * Keeps buffer mode within its event bound, at the price of a window shorter than a minute on a busy page: the
 * oldest segments go first, and a segment too big on its own asks for a checkout to start a new one.
 */
function bound<T>(segments: Segment<T>[], maxEvents: number, requestCheckout?: () => void): void {
  let total = segments.reduce((sum, segment) => sum + segment.events.length, 0);
  while (total > maxEvents && segments.length > 1) total -= segments.shift()!.events.length;
  if (total > maxEvents) requestCheckout?.();
}

/** Runs `checkout` on the next task, once however often it is asked for until then. */
function checkoutSoon(checkout: () => void): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    // Not from inside rrweb's emit: the snapshot would re-enter it. The next task is soon enough.
    setTimeout(() => {
      pending = false;
      try {
        checkout();
      } catch {
        // rrweb stopped meanwhile; nothing to bound any more.
      }
    });
  };
}
