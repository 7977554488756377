import type { Props } from '../../../shared/protocol.ts';
import type { Breadcrumbs } from '../capture/breadcrumbs.ts';
import { stableSelector } from '../capture/selector.ts';
import type { CapturePlugin } from '../types.ts';

/**
 * Every click becomes a breadcrumb with a stable selector. With `trackAttributes` on, a click on (or inside) an
 * element with `data-insights-event="Name"` also tracks that event, with the JSON object in its
 * `data-insights-props` as props. There is no blanket text autocapture: only marked elements send events.
 */
export function clicksCollector(
  breadcrumbs: Breadcrumbs,
  trackAttributes: boolean,
  warn: (message: string) => void,
  target: Document = document,
): CapturePlugin {
  return {
    name: 'clicks',
    setup(client) {
      const onClick = (event: Event) => {
        try {
          const element = event.target instanceof Element ? event.target : null;
          if (!element) return;
          breadcrumbs.add('click', stableSelector(element));
          const marked = trackAttributes ? element.closest('[data-insights-event]') : null;
          const name = marked?.getAttribute('data-insights-event');
          if (!marked || !name) return;
          let props: Props | undefined;
          const raw = marked.getAttribute('data-insights-props');
          if (raw) {
            try {
              props = JSON.parse(raw) as Props;
            } catch {
              warn(`data-insights-props of "${name}" is not JSON; the event is sent without props`);
            }
          }
          client.track(name, props);
        } catch {
          // Never break the page's click.
        }
      };
      target.addEventListener('click', onClick, true);
      return () => target.removeEventListener('click', onClick, true);
    },
  };
}
