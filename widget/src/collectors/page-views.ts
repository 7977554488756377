import type { PageProps } from '../../../shared/events.ts';
import { routeTemplate } from '../../../shared/route-template.ts';
import type { Breadcrumbs } from '../capture/breadcrumbs.ts';
import { utmParameters } from '../capture/utm.ts';
import type { CapturePlugin, PluginClient } from '../types.ts';

type Cause = PageProps['cause'];
interface NavigationApi extends EventTarget {
  readonly currentEntry: { url: string | null } | null;
}

/**
 * A `page` event for the first load and for every SPA route change. Where the Navigation API exists its
 * `currententrychange` sees push, replace and traversal in one place; elsewhere `history.pushState` and
 * `replaceState` are wrapped and `popstate` is heard. A change of hash only, or a replace to the same path and
 * query, is not a new page.
 */
export function pageViewsCollector(breadcrumbs: Breadcrumbs, target: Window = window): CapturePlugin {
  let client: PluginClient | undefined;
  let last = '';
  let lastUrl = '';
  const navigation = (target as Window & { navigation?: NavigationApi }).navigation;
  const history = target.history as History | undefined;
  const originals = { push: history?.pushState, replace: history?.replaceState };

  const view = (cause: Cause) => {
    try {
      const { location, document } = target;
      const key = location.pathname + location.search;
      if (key === last) return;
      const props: PageProps = { cause, route: routeTemplate(location.pathname) };
      const referrer = cause === 'load' ? document.referrer : lastUrl;
      if (referrer) props.referrer = referrer;
      const utm = utmParameters(location.search);
      if (utm) props.utm = utm;
      last = key;
      lastUrl = location.href;
      breadcrumbs.add('navigation', `${cause} ${props.route}`);
      client?.capture({ type: 'page', props });
    } catch {
      // A page view lost is better than a broken navigation.
    }
  };
  const onEntryChange = (event: Event) => {
    const type = (event as Event & { navigationType?: string }).navigationType;
    view(type === 'push' || type === 'replace' ? type : type === 'traverse' ? 'pop' : 'navigate');
  };
  const onPopState = () => view('pop');

  return {
    name: 'page-views',
    setup(started) {
      client = started;
      if (!history || !originals.push || !originals.replace) return () => undefined;
      const { push, replace } = originals;
      view('load');
      if (navigation && typeof navigation.addEventListener === 'function') {
        navigation.addEventListener('currententrychange', onEntryChange);
        return () => navigation.removeEventListener('currententrychange', onEntryChange);
      }
      history.pushState = function (...args: Parameters<History['pushState']>) {
        push.apply(this, args);
        view('push');
      };
      history.replaceState = function (...args: Parameters<History['replaceState']>) {
        replace.apply(this, args);
        view('replace');
      };
      target.addEventListener('popstate', onPopState);
      return () => {
        history.pushState = push;
        history.replaceState = replace;
        target.removeEventListener('popstate', onPopState);
      };
    },
  };
}
