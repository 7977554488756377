import { routeTemplate as templateOfPath } from '../../../../shared/route-template.ts';

/**
 * The route template the projection groups by: `/contacts/123` → `/contacts/:id` (numbers, UUIDs, long hex,
 * e-mails and opaque tokens). The widget names API calls with the same shared function, so a template it sent
 * stays as it is; undefined for an event without a path.
 */
export function routeTemplate(path: string | undefined): string | null {
  return path === undefined ? null : templateOfPath(path);
}
