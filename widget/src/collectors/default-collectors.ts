import type { Breadcrumbs } from '../capture/breadcrumbs.ts';
import type { ErrorReporter } from '../capture/error-reporter.ts';
import type { CaptureOptions } from '../capture/options.ts';
import type { Logger } from '../debug-log.ts';
import type { ChunkMap } from '../load-chunk.ts';
import type { CapturePlugin } from '../types.ts';
import { clicksCollector } from './clicks.ts';
import { consoleCollector } from './console.ts';
import { errorsCollector } from './errors.ts';
import { networkCollector } from './network.ts';
import { pageViewsCollector } from './page-views.ts';
import { performanceCollector } from './performance.ts';
import { vitalsCollector } from './vitals.ts';

/** What the default capture plugins share. */
interface CollectorSources {
  options: CaptureOptions & { endpoint: string };
  breadcrumbs: Breadcrumbs;
  reporter: ErrorReporter;
  log: Logger;
  window: Window;
  document: Document;
  /** The `vitals` chunk, loaded once for the vitals and the performance plugins. */
  vitals: () => Promise<ChunkMap['vitals'] | undefined>;
}

/** The default capture plugins, by name, each made only when it is set up (see `setupPlugins`). */
export function defaultCollectors(sources: CollectorSources): [string, () => CapturePlugin][] {
  const { options, breadcrumbs, reporter, log, window: target } = sources;
  const factories: [string, () => CapturePlugin][] = [
    ['errors', () => errorsCollector(reporter, target)],
    ['network', () => networkCollector(options, breadcrumbs, reporter, target)],
    ['console', () => consoleCollector(breadcrumbs)],
    ['clicks', () => clicksCollector(breadcrumbs, options.captureClicks ?? false, log.warn, sources.document)],
    ['vitals', () => vitalsCollector(sources.vitals)],
    ['performance', () => performanceCollector(sources.vitals, target)],
  ];
  if (options.autoPageViews !== false) factories.push(['page-views', () => pageViewsCollector(breadcrumbs, target)]);
  const off = new Set(options.disable ?? []);
  return factories.filter(([name]) => !off.has(name));
}
