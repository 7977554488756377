import type { ApiProps } from '../../../shared/events.ts';
import { routeTemplate } from '../../../shared/route-template.ts';
import { LIMITS } from '../../../shared/wire.ts';
import type { Breadcrumbs } from '../capture/breadcrumbs.ts';
import type { ErrorReporter } from '../capture/error-reporter.ts';
import type { PluginClient } from '../types.ts';

/** Options of the network collector. */
export interface NetworkOptions {
  /** URL prefixes of the app's APIs (`https://api.example.com`, `/api`); default: the page's own origin. */
  apiOrigins?: readonly string[];
  /** The widget's own endpoint: its requests are never captured. */
  endpoint: string;
}

/** One finished request, however it was made. */
export interface Finished {
  transport: 'fetch' | 'xhr';
  method: string;
  url: string;
  status: number;
  duration: number;
  /** The response's `content-length` header as sent: read as a number in one place, the `api` event's size. */
  length?: string | null;
  failure?: unknown;
}

/**
 * Makes the function that turns each finished request into a breadcrumb, an `api` event (requests to the app's
 * APIs) and an error (network failures and 5xx; 4xx from the app's APIs), leaving out the widget's own requests.
 * `currentClient` is read per request: the client arrives with the collector's `setup`, after this is made.
 */
export function requestRecorder(
  options: NetworkOptions,
  breadcrumbs: Breadcrumbs,
  reporter: ErrorReporter,
  target: Window,
  currentClient: () => PluginClient | undefined,
): (request: Finished) => void {
  const base = target.location.href;
  const prefixes = (options.apiOrigins?.length ? options.apiOrigins : [target.location.origin]).map((prefix) =>
    new URL(prefix, base).href.replace(/\/$/, ''),
  );
  const own = new URL(options.endpoint, base).href;
  return (request) => {
    try {
      const url = new URL(request.url, base);
      if (url.href.startsWith(own)) return;
      const route = routeTemplate(url.pathname);
      // Cut like the name: a page may send any token as a method, and the api event's `method` is a name.
      const method = request.method.toUpperCase().slice(0, LIMITS.nameLength);
      // The api event's name, cut to the wire's limit (a long path would have the whole event dropped); `route` keeps
      // it all.
      const label = `${method} ${url.origin === target.location.origin ? '' : url.origin}${route}`.slice(
        0,
        LIMITS.nameLength,
      );
      breadcrumbs.add('request', `${label} ${request.status || 'failed'}`, {
        status: request.status,
        duration: Math.round(request.duration),
      });
      const isApi = prefixes.some((prefix) => url.href.startsWith(prefix));
      if (isApi) {
        const props: ApiProps = {
          method,
          origin: url.origin,
          route,
          status: request.status,
          duration: Math.round(request.duration),
          transport: request.transport,
        };
        if (request.length) props.size = Number(request.length);
        currentClient()?.capture({ type: 'api', name: label, props });
      }
      const details = { method, url: url.origin + url.pathname, route, status: request.status };
      if (request.status === 0 || request.failure)
        reporter.report(
          { name: 'NetworkError', message: `${label} failed: ${describe(request.failure)}` },
          { ...details, kind: 'network' },
        );
      else if (request.status >= 500)
        reporter.report(
          { name: 'HttpError', message: `${label} answered ${request.status}` },
          { ...details, kind: 'network' },
        );
      else if (request.status >= 400 && isApi)
        reporter.report(
          { name: 'ApiError', message: `${label} answered ${request.status}` },
          { ...details, kind: 'api' },
        );
    } catch {
      // Never let our bookkeeping break the app's request.
    }
  };
}

/** What went wrong with a request that got no response, as an error message says it. */
function describe(failure: unknown): string {
  return failure instanceof Error ? failure.message : 'no response';
}
