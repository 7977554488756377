import { expect } from 'vitest';
import { openApiPath } from '../../../server/src/openapi/openapi-document.ts';
import type { documentValidator } from './document-validator.ts';

/** One request as the test makes it: the route template as the app registers it, and what fills it. */
export interface Call {
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  key?: string;
  headers?: Record<string, string>;
  /** The status the test expects (any the document lists when absent). */
  status?: number;
}

/** What came back, parsed: JSON bodies as values, text as text, no body as undefined. */
export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * A client that checks every answer against the document as it goes: the status must be one the document lists
 * for the route, and the body must validate against that status's schema. It records each route it called.
 */
export function apiClient(origin: () => string, validator: ReturnType<typeof documentValidator>) {
  const called = new Map<string, Set<number>>();
  return {
    called,
    async call(method: string, route: string, call: Call = {}): Promise<Answer> {
      // A body the route accepts must match the documented body schema too (refusals are sent on purpose).
      if (call.body !== undefined && (call.status ?? 200) < 300)
        expect(
          validator.checkRequest(method, openApiPath(route), call.body),
          `${method} ${route} request body`,
        ).toEqual([]);
      const documented = validator.queryNames(method, openApiPath(route));
      expect(
        Object.keys(call.query ?? {}).filter((name) => !documented.includes(name)),
        `${method} ${route} query`,
      ).toEqual([]);
      const path = route.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(call.params?.[name] ?? ''));
      const url = new URL(path, origin());
      for (const [name, value] of Object.entries(call.query ?? {}))
        for (const one of [value].flat()) url.searchParams.append(name, one);
      const response = await fetch(url, {
        method,
        headers: {
          ...(call.key ? { Authorization: `Bearer ${call.key}` } : {}),
          ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...call.headers,
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      });
      const type = response.headers.get('content-type') ?? '';
      const text = await response.text();
      const body = !text ? undefined : type.includes('json') ? (JSON.parse(text) as unknown) : text;
      const template = `${method} ${openApiPath(route)}`;
      const errors = validator.check(method, openApiPath(route), response.status, type, body);
      expect(errors, `${template} → ${response.status} ${text.slice(0, 300)}`).toEqual([]);
      if (call.status !== undefined) expect(response.status, `${template}: ${text.slice(0, 300)}`).toBe(call.status);
      called.set(template, (called.get(template) ?? new Set()).add(response.status));
      return { status: response.status, body, headers: response.headers };
    },
  };
}
