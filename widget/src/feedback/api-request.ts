import type { FeedbackUiHost } from './ui-host.ts';

/** Makes the feedback surface's API caller: `path` below the endpoint, the write key as a bearer token, JSON bodies. */
export function apiRequest(endpoint: string, writeKey: string, fetchImpl: typeof fetch): FeedbackUiHost['request'] {
  return (path, init = {}) =>
    fetchImpl(`${endpoint}${path}`, {
      method: init.method ?? 'GET',
      keepalive: init.keepalive,
      headers: {
        Authorization: `Bearer ${writeKey}`,
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
}
