import { asText } from '../capture/as-text.ts';
import type { Breadcrumbs } from '../capture/breadcrumbs.ts';
import type { CapturePlugin } from '../types.ts';

/** Console warnings and errors become breadcrumbs (the widget's own `[crm-insights]` lines excepted). */
export function consoleCollector(breadcrumbs: Breadcrumbs, target: Console = console): CapturePlugin {
  return {
    name: 'console',
    setup() {
      const originals: Partial<Record<'warn' | 'error', Console['warn']>> = {};
      for (const level of ['warn', 'error'] as const) {
        const original = target[level];
        originals[level] = original;
        target[level] = function (...args: unknown[]) {
          try {
            const message = args
              .map((arg) =>
                typeof arg === 'string'
                  ? arg
                  : arg instanceof Error
                    ? `${arg.name}: ${arg.message}`
                    : asText(arg).slice(0, 300),
              )
              .join(' ');
            if (!message.startsWith('[crm-insights]')) breadcrumbs.add('console', message, { level });
          } catch {
            // The page's console call must go through whatever happens here.
          }
          return original.apply(this, args);
        };
      }
      return () => {
        for (const level of ['warn', 'error'] as const) if (originals[level]) target[level] = originals[level];
      };
    },
  };
}
