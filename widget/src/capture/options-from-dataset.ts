import type { CaptureOptions } from './options.ts';

/**
 * Capture options from the script tag: `data-api-origins` and `data-scrub-params` (comma-separated),
 * `data-capture-clicks`, `data-auto-page-views="false"`, `data-tracking-plan="off"`, `data-disable` (collector names).
 */
export function captureOptionsFromDataset(dataset: DOMStringMap): CaptureOptions {
  const list = (value: string | undefined) =>
    value
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const options: CaptureOptions = {};
  const apiOrigins = list(dataset.apiOrigins);
  if (apiOrigins) options.apiOrigins = apiOrigins;
  const scrubParams = list(dataset.scrubParams);
  if (scrubParams) options.scrubParams = scrubParams;
  const disable = list(dataset.disable);
  if (disable) options.disable = disable;
  if (dataset.captureClicks !== undefined) options.captureClicks = dataset.captureClicks !== 'false';
  if (dataset.autoPageViews === 'false') options.autoPageViews = false;
  if (dataset.trackingPlan === 'off') options.trackingPlan = false;
  return options;
}
