/** Set by the build: false in the production script-tag build, whose debug messages are compiled out. */
declare const __INSIGHTS_DEBUG__: boolean | undefined;

/**
 * Whether this build keeps its debug messages: true in the debug build, the npm entries and tests, false in the
 * production script tag (`insights.js`), as Sentry's `DEBUG_BUILD` (packages/core/src/debug-build.ts).
 */
export const DEBUG_BUILD: boolean = typeof __INSIGHTS_DEBUG__ === 'boolean' ? __INSIGHTS_DEBUG__ : true;

/** A logger that prints only in debug mode, and never throws into the page. */
export interface Logger {
  warn(message: string, detail?: unknown): void;
}

/** Makes the widget's logger; silent unless `debug` is on (and, in the production build, always). */
export function createLogger(debug: boolean, target: Pick<Console, 'warn'> = console): Logger {
  return {
    warn(message, detail) {
      if (!debug || !DEBUG_BUILD) return;
      try {
        if (detail === undefined) target.warn(`[crm-insights] ${message}`);
        else target.warn(`[crm-insights] ${message}`, detail);
      } catch {
        // A page that replaced console with something broken must not break us.
      }
    },
  };
}
