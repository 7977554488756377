/** A logger that prints only in debug mode, and never throws into the page. */
export interface Logger {
  warn(message: string, detail?: unknown): void;
}

/** Makes the widget's logger; silent unless `debug` is on. */
export function createLogger(debug: boolean, target: Pick<Console, 'warn'> = console): Logger {
  return {
    warn(message, detail) {
      if (!debug) return;
      try {
        if (detail === undefined) target.warn(`[crm-insights] ${message}`);
        else target.warn(`[crm-insights] ${message}`, detail);
      } catch {
        // A page that replaced console with something broken must not break us.
      }
    },
  };
}
