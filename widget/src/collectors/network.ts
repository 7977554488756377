import type { Breadcrumbs } from '../capture/breadcrumbs.ts';
import type { ErrorReporter } from '../capture/error-reporter.ts';
import type { CapturePlugin, PluginClient } from '../types.ts';
import { type Finished, type NetworkOptions, requestRecorder } from './request-recorder.ts';

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
  let client: PluginClient | undefined;
  const finish = requestRecorder(options, breadcrumbs, reporter, target, () => client);
  const originalFetch = target.fetch;
  const xhrProto = (target as Window & { XMLHttpRequest?: typeof XMLHttpRequest }).XMLHttpRequest?.prototype;
  const originalOpen = xhrProto?.open;
  const originalSend = xhrProto?.send;

  function wrappedFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const started = performance.now();
    const result = originalFetch.call(target, input, init);
    try {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      result
        .then(
          (response) =>
            finish({
              transport: 'fetch',
              method,
              url,
              status: response.status,
              length: response.headers.get('content-length'),
              duration: performance.now() - started,
            }),
          (failure: unknown) =>
            finish({ transport: 'fetch', method, url, status: 0, duration: performance.now() - started, failure }),
        )
        // A fetch the page patched before us may resolve with what is no Response (a mock without `headers`):
        // reading it throws, which must not end as an unhandled rejection on the page.
        .catch(() => undefined);
    } catch {
      // As in requestRecorder: never let our bookkeeping break the app's request.
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
      if (xhrProto && originalOpen && originalSend) timeXhr(xhrProto, originalOpen, originalSend, finish);
      return teardown;
    },
  };
}

/**
 * Patches XHR's `open` and `send` so that each request opened through them is timed and handed to `finish` when it
 * ends; the collector's teardown puts the originals back.
 */
function timeXhr(
  xhrProto: XMLHttpRequest,
  originalOpen: XMLHttpRequest['open'],
  originalSend: XMLHttpRequest['send'],
  finish: (request: Finished) => void,
): void {
  const requests = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
  xhrProto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    requests.set(this, { method, url: String(url) });
    return (originalOpen as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof xhrProto.open;
  xhrProto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const request = requests.get(this);
    if (request) {
      const began = performance.now();
      this.addEventListener('loadend', () =>
        finish({
          transport: 'xhr',
          ...request,
          status: this.status,
          length: this.getResponseHeader('content-length'),
          duration: performance.now() - began,
        }),
      );
    }
    return originalSend.call(this, body);
  };
}
