import type { Breadcrumb } from '../../../shared/events.ts';
import { lazyFeature } from '../load-chunk.ts';
import type { ChunkLoader } from '../load-chunk.ts';
import { describe } from './error-reporter.ts';
import type { createErrorReporter, ErrorDetails, ErrorReporter } from './error-reporter.ts';

/** Makes an error pipeline; the npm entry passes the real one, the script tag the lazy one below. */
export type ErrorReporterFactory = typeof createErrorReporter;

/** Errors kept while the chunk loads; more in that moment would only be dropped by the session cap anyway. */
const WAITING_LIMIT = 100;

/** An error reported while the chunk loads, with the breadcrumbs as they were then. */
interface WaitingError {
  error: unknown;
  details: ErrorDetails;
  trail: Breadcrumb[];
}

/** Captures an error without the chunk: type, message and the raw stack, grouped by type and message. */
function captureUnparsed(client: Parameters<ErrorReporterFactory>[0], { error, details, trail }: WaitingError): void {
  const { type, message, stack } = describe(error);
  client.capture({
    type: 'error',
    name: type,
    props: {
      kind: details.kind ?? 'js',
      type,
      message,
      fingerprint: `${type}: ${message}`.slice(0, 200),
      count: 1,
      handled: details.handled ?? false,
      frames: [],
      breadcrumbs: trail,
      context: { ...details.context, ...(stack ? { stack: stack.slice(0, 4000) } : {}) },
    },
  });
}

/**
 * The script tag's error pipeline: stack parsing, fingerprints, deduplication and the session cap are the `errors`
 * chunk, loaded on the page's first error, so a page without errors never pays for them. Errors reported while it
 * loads wait, with the breadcrumbs as they were at that moment. If the chunk cannot load (offline, never cached),
 * each waiting error is still sent, unparsed: type, message and the raw stack in `context`, grouped by type and
 * message. `settled()` (which `flush()` awaits) resolves when the waiting errors are captured; a page that is left
 * before the chunk arrives sends them unparsed.
 */
export function lazyErrorReporter(
  load: ChunkLoader<'errors'>,
  page: {
    addEventListener?: (type: string, listener: (event: Event) => void, capture: boolean) => void;
    document?: { visibilityState: string };
  } = globalThis,
  warn: (message: string) => void = () => undefined,
): ErrorReporterFactory {
  const chunk = lazyFeature('errors', 'error stacks are not parsed', warn, load);
  return (client, breadcrumbs, options, environment) => {
    let real: ErrorReporter | undefined;
    let waiting: WaitingError[] | undefined;
    const unparsed = (entry: WaitingError) => captureUnparsed(client, entry);
    let processing: Promise<void> = Promise.resolve();
    const sendUnparsed = () => waiting?.splice(0).forEach(unparsed);
    // Leaving the page: errors still waiting for the chunk go out unparsed now, with the exit beacon, rather than
    // be lost. Capture phase on window runs before delivery's own exit listeners on document and window.
    const onExit = (event: Event) => {
      if (event.type === 'pagehide' || page.document?.visibilityState === 'hidden') sendUnparsed();
    };
    page.addEventListener?.('pagehide', onExit, true);
    page.addEventListener?.('visibilitychange', onExit, true);
    return {
      report(error, details = {}) {
        if (real) return real.report(error, details);
        const entry = { error, details, trail: breadcrumbs.list() };
        if (waiting) {
          if (waiting.length < WAITING_LIMIT) waiting.push(entry);
          return;
        }
        waiting = [entry];
        processing = chunk().then((loaded) => {
          real = loaded?.createErrorReporter(client, breadcrumbs, options, environment);
          for (const next of waiting!.splice(0)) {
            if (real) real.report(next.error, { ...next.details, breadcrumbs: next.trail });
            else unparsed(next);
          }
          waiting = undefined;
        });
      },
      settled: () => processing,
    };
  };
}
