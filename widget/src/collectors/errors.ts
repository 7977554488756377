import { asText } from '../capture/as-text.ts';
import type { ErrorReporter } from '../capture/error-reporter.ts';
import type { CapturePlugin } from '../types.ts';

/**
 * Uncaught errors, unhandled promise rejections and failed resource loads (script, img, stylesheet). Resource
 * errors do not bubble, so the listener runs in the capture phase on the window.
 */
export function errorsCollector(reporter: ErrorReporter, target: Window = window): CapturePlugin {
  const onError = (event: Event) => {
    try {
      if (event instanceof ErrorEvent) {
        // Cross-origin scripts without CORS give only "Script error." and no stack: nothing to group or fix.
        if (!event.error && event.message === 'Script error.') return;
        reporter.report(
          event.error ?? {
            name: 'Error',
            message: event.message,
            stack: `    at ${event.filename}:${event.lineno}:${event.colno}`,
          },
        );
        return;
      }
      const element = event.target as Element | null;
      if (!element || element === (target as unknown) || !('tagName' in element)) return;
      const tag = element.tagName.toLowerCase();
      const url = (element as HTMLScriptElement).src || (element as HTMLLinkElement).href || '';
      if (!url || !/^(script|img|link|video|audio|source|iframe)$/.test(tag)) return;
      reporter.report(
        { name: 'ResourceError', message: `Failed to load ${tag} ${url}` },
        { kind: 'resource', element: tag, url },
      );
    } catch {
      // Our own failure: never reported as the app's, never thrown into it.
    }
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    try {
      const reason: unknown = event.reason;
      reporter.report(reason instanceof Error ? reason : { name: 'UnhandledRejection', message: asText(reason) });
    } catch {
      // As above.
    }
  };
  return {
    name: 'errors',
    setup() {
      if (typeof target.addEventListener !== 'function') return () => undefined;
      target.addEventListener('error', onError, true);
      target.addEventListener('unhandledrejection', onRejection);
      return () => {
        target.removeEventListener('error', onError, true);
        target.removeEventListener('unhandledrejection', onRejection);
      };
    },
  };
}
