import type { ApiProps } from '../../../shared/events.ts';
import { routeTemplate } from '../../../shared/route-template.ts';
import type { Breadcrumbs } from '../capture/breadcrumbs.ts';
import type { ErrorReporter } from '../capture/error-reporter.ts';
import type { CapturePlugin, PluginClient } from '../types.ts';

/** Options of the network collector. */
export interface NetworkOptions {
  /** URL prefixes of the app's APIs (`https://api.example.com`, `/api`); default: the page's own origin. */
  apiOrigins?: readonly string[];
  /** The widget's own endpoint: its requests are never captured. */
  endpoint: string;
}

/** One finished request, however it was made. */
interface Finished {
  transport: 'fetch' | 'xhr';
  method: string;
  url: string;
  status: number;
  duration: number;
  size?: number;
  failure?: unknown;
}

/**
 * Times every fetch and XHR: each request becomes a breadcrumb; requests to the app's API origins also become
 * `api` events (method, route template, status, duration, size); network failures and 5xx become `network`
 * errors and 4xx `api` errors. The page's own fetch is wrapped, not replaced: errors and results pass through.
 */
export function networkCollector(
  options: NetworkOptions,
  breadcrumbs: Breadcrumbs,
  reporter: ErrorReporter,
  target: Window = window,
): CapturePlugin {
  const base = target.location.href;
  const prefixes = (options.apiOrigins?.length ? options.apiOrigins : [target.location.origin]).map((prefix) =>
    new URL(prefix, base).href.replace(/\/$/, ''),
  );
  const own = new URL(options.endpoint, base).href;
  const originalFetch = target.fetch;
  const xhrProto = (target as Window & { XMLHttpRequest?: typeof XMLHttpRequest }).XMLHttpRequest?.prototype;
  const originalOpen = xhrProto?.open;
  const originalSend = xhrProto?.send;
  let client: PluginClient | undefined;

  const finish = (request: Finished) => {
    try {
      const url = new URL(request.url, base);
      if (url.href.startsWith(own)) return;
      const route = routeTemplate(url.pathname);
      const method = request.method.toUpperCase();
      const label = `${method} ${url.origin === target.location.origin ? '' : url.origin}${route}`;
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
        if (request.size !== undefined) props.size = request.size;
        client?.capture({ type: 'api', name: label, props });
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

  function wrappedFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const started = performance.now();
    const result = originalFetch.call(target, input, init);
    try {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      result.then(
        (response) => {
          const length = response.headers.get('content-length');
          finish({
            transport: 'fetch',
            method,
            url,
            status: response.status,
            duration: performance.now() - started,
            size: length ? Number(length) : undefined,
          });
        },
        (failure: unknown) =>
          finish({ transport: 'fetch', method, url, status: 0, duration: performance.now() - started, failure }),
      );
    } catch {
      // As above.
    }
    return result;
  }

  return {
    name: 'network',
    setup(started) {
      client = started;
      if (typeof originalFetch === 'function') target.fetch = wrappedFetch as typeof fetch;
      const teardown = () => {
        if (target.fetch === (wrappedFetch as typeof fetch)) target.fetch = originalFetch;
        if (xhrProto && originalOpen && originalSend) {
          xhrProto.open = originalOpen;
          xhrProto.send = originalSend;
        }
      };
      if (!xhrProto || !originalOpen || !originalSend) return teardown;
      const requests = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
      xhrProto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
        requests.set(this, { method, url: String(url) });
        return (originalOpen as (...args: unknown[]) => void).call(this, method, url, ...rest);
      } as typeof xhrProto.open;
      xhrProto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
        const request = requests.get(this);
        if (request) {
          const began = performance.now();
          this.addEventListener('loadend', () => {
            const length = this.getResponseHeader('content-length');
            finish({
              transport: 'xhr',
              ...request,
              status: this.status,
              duration: performance.now() - began,
              size: length ? Number(length) : undefined,
            });
          });
        }
        return originalSend.call(this, body);
      };
      return teardown;
    },
  };
}

function describe(failure: unknown): string {
  return failure instanceof Error ? failure.message : 'no response';
}
