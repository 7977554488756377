import type { InsightEvent, Page } from '../../../shared/protocol.ts';
import { scrubText, scrubValue } from '../../../shared/scrub.ts';

/** Makes the scrubbing step: emails, tokens and card numbers out of name, page, props and context. */
export function createScrubber(params: readonly string[] = []): (event: InsightEvent) => InsightEvent {
  // The events of one page share its URL, title and referrer: scrub those once per page, not once per event.
  let lastPage: { key: string; scrubbed: Page } | undefined;
  const scrubPage = (page: Page): Page => {
    const key = JSON.stringify(page);
    if (lastPage?.key !== key) lastPage = { key, scrubbed: scrubValue(page, params) };
    return { ...lastPage.scrubbed };
  };
  return (event) => ({
    ...event,
    ...(event.name ? { name: scrubText(event.name) } : {}),
    ...(event.page ? { page: scrubPage(event.page) } : {}),
    ...(event.props ? { props: scrubValue(event.props, params) } : {}),
    ...(event.context ? { context: scrubValue(event.context, params) } : {}),
  });
}
