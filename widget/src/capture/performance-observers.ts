import type { LongAnimationFrameProps } from '../../../shared/events.ts';
import { TIMING_PREFIX } from '../../../shared/timing.ts';
import type { Client } from '../types.ts';

/** Most long-animation-frame events per page: a janky page should not flood the outbox. */
const MAX_FRAMES = 20;
/** Most custom timings per page, for the same reason. */
const MAX_TIMINGS = 100;

interface LongAnimationFrame extends PerformanceEntry {
  blockingDuration: number;
  scripts: { sourceURL?: string; sourceFunctionName?: string; invoker?: string; duration: number }[];
}

/**
 * Page load timing (navigation timing, once after load), long animation frames (frames over 50 ms, with the
 * script that took longest), and the JS heap where the browser exposes `performance.memory` (Chromium only),
 * all as `resource` events. Runs in the on-demand `vitals` chunk; returns what stops it.
 */
export function observePerformance(client: Pick<Client, 'capture'>, target: Window = window): () => void {
  let observers: (PerformanceObserver | undefined)[] = [];
  let onLoad: (() => void) | undefined;
  const stop = () => {
    for (const observer of observers) observer?.disconnect();
    if (onLoad) target.removeEventListener?.('load', onLoad);
  };
  const { performance } = target;
  // Not a browser window (tests, workers): nothing to time.
  if (!performance || !target.document || typeof target.setTimeout !== 'function') return stop;
  const report = () => target.setTimeout(() => reportPageLoad(performance, client), 0);
  // loadEventEnd is 0 until the load handlers have run: report on the task after load.
  if (target.document.readyState === 'complete') report();
  else {
    onLoad = report;
    target.addEventListener('load', onLoad, { once: true });
  }
  observers = [observeTimings(client), observeLongFrames(client)];
  return stop;
}

/** The page load's navigation timing and, where the browser has it, the JS heap: one `resource` event each. */
function reportPageLoad(performance: Performance, client: Pick<Client, 'capture'>): void {
  try {
    const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    if (nav) {
      const ms = (value: number) => Math.max(0, Math.round(value));
      client.capture({
        type: 'resource',
        name: 'navigation',
        props: {
          dns: ms(nav.domainLookupEnd - nav.domainLookupStart),
          connect: ms(nav.connectEnd - nav.connectStart),
          ttfb: ms(nav.responseStart),
          response: ms(nav.responseEnd - nav.responseStart),
          domInteractive: ms(nav.domInteractive),
          domContentLoaded: ms(nav.domContentLoadedEventEnd),
          load: ms(nav.loadEventEnd),
          transferSize: nav.transferSize,
          type: nav.type,
        },
      });
    }
    const memory = (
      performance as Performance & {
        memory?: { usedJSHeapSize: number; totalJSHeapSize: number; jsHeapSizeLimit: number };
      }
    ).memory;
    if (memory) {
      const { usedJSHeapSize, totalJSHeapSize, jsHeapSizeLimit } = memory;
      client.capture({ type: 'resource', name: 'memory', props: { usedJSHeapSize, totalJSHeapSize, jsHeapSizeLimit } });
    }
  } catch {
    // Timing is best effort.
  }
}

/** Long animation frames, at most `MAX_FRAMES` a page, each a `resource` event with the script that took longest. */
function observeLongFrames(client: Pick<Client, 'capture'>): PerformanceObserver | undefined {
  if (!PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame')) return undefined;
  let frames = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as LongAnimationFrame[]) {
      if (frames++ >= MAX_FRAMES) return observer.disconnect();
      client.capture({ type: 'resource', name: 'long-animation-frame', props: frameProps(entry) });
    }
  });
  try {
    observer.observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    return undefined;
  }
  return observer;
}

/** A long frame's durations and the script that took longest in it. */
function frameProps(entry: LongAnimationFrame): LongAnimationFrameProps {
  const longest = entry.scripts.reduce<LongAnimationFrame['scripts'][number] | undefined>(
    (best, script) => (!best || script.duration > best.duration ? script : best),
    undefined,
  );
  const props: LongAnimationFrameProps = {
    duration: Math.round(entry.duration),
    blockingDuration: Math.round(entry.blockingDuration),
  };
  if (longest) {
    props.script = `${longest.sourceURL ?? ''} ${longest.sourceFunctionName ?? ''}`.trim();
    // The script's own time, not the frame's: rendering and other scripts share the frame
    // (https://w3c.github.io/long-animation-frames/#sec-PerformanceScriptTiming).
    props.scriptDuration = Math.round(longest.duration);
    if (longest.invoker) props.invoker = longest.invoker;
  }
  return props;
}

/**
 * Custom timings: User Timing measures named `crm-insights:<label>` (the React and Preact bindings'
 * `usePerformanceTracking`, or the app's own), each a `resource` event named `timing`. Buffered, so measures made
 * before this chunk loaded count too.
 */
function observeTimings(client: Pick<Client, 'capture'>): PerformanceObserver | undefined {
  if (!PerformanceObserver.supportedEntryTypes?.includes('measure')) return undefined;
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceMeasure[]) {
      if (!entry.name.startsWith(TIMING_PREFIX)) continue;
      if (count++ >= MAX_TIMINGS) return observer.disconnect();
      const kind = (entry.detail as { kind?: unknown } | null)?.kind;
      client.capture({
        type: 'resource',
        name: 'timing',
        props: {
          label: entry.name.slice(TIMING_PREFIX.length, TIMING_PREFIX.length + 200),
          duration: Math.round(entry.duration),
          start: Math.round(entry.startTime),
          kind: kind === 'render' || kind === 'interaction' ? kind : 'custom',
        },
      });
    }
  });
  try {
    observer.observe({ type: 'measure', buffered: true });
  } catch {
    return undefined;
  }
  return observer;
}
