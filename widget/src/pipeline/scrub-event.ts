import type { InsightEvent, Page } from '../../../shared/protocol.ts';
import { scrubText, scrubValue } from '../../../shared/scrub.ts';

/** Makes the scrubbing step: emails, tokens and card numbers out of name, page, props and context. */
export function createScrubber(params: readonly string[] = []): (event: InsightEvent) => InsightEvent {
  // The events of one page share its URL, title and referrer: scrub those once per page, not once per event.
  // The pipeline hands the same page object while the page stays the same: then not even the key is made.
  let lastPage: { source: Page; key: string; scrubbed: Page } | undefined;
  const scrubPage = (page: Page): Page => {
    if (lastPage?.source !== page) {
      const key = JSON.stringify(page);
      lastPage =
        lastPage?.key === key
          ? { ...lastPage, source: page }
          : { source: page, key, scrubbed: scrubValue(page, params) };
    }
    return { ...lastPage.scrubbed };
  };
  // One copy, assigned to: a spread of a conditional object per field made four more objects per event.
  return (event) => {
    const scrubbed = { ...event };
    if (event.name) scrubbed.name = scrubText(event.name);
    if (event.page) scrubbed.page = scrubPage(event.page);
    if (event.props) scrubbed.props = scrubValue(event.props, params);
    if (event.context) scrubbed.context = scrubValue(event.context, params);
    return scrubbed;
  };
}
