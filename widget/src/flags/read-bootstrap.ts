import type { FlagsConfig } from '../../../shared/flags/types.ts';

/**
 * Reads a config the server rendered into the page as `<script type="application/json" id="…">` (JSON, not script,
 * so a strict CSP allows it). Runs in the flags chunk, so the parsing costs only pages that use flags. A missing
 * element or an unusable config is warned about (debug mode) and means no bootstrap: the cache and the network
 * still supply one.
 */
export function readBootstrap(
  elementId: string,
  document: Partial<Pick<Document, 'getElementById'>> | undefined,
  warn?: (message: string) => void,
): FlagsConfig | undefined {
  try {
    const element = document?.getElementById?.(elementId);
    if (!element) throw new Error('there is no element with that id');
    const config = JSON.parse(element.textContent ?? '') as FlagsConfig;
    if (typeof config?.flags !== 'object' || config.flags === null) throw new Error('it has no "flags" object');
    return config;
  } catch (error) {
    warn?.(
      `data-flags-bootstrap="${elementId}": no usable config in that element (${error instanceof Error ? error.message : String(error)})`,
    );
    return undefined;
  }
}
