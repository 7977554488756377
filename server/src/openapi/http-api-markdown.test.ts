import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { httpApiMarkdown } from './http-api-markdown.ts';
import { openApiDocument } from './openapi-document.ts';

it('docs/http-api.md is what `npm run docs:api` writes from the OpenAPI document', () => {
  const committed = readFileSync(new URL('../../../docs/http-api.md', import.meta.url), 'utf8');
  const generated = httpApiMarkdown(openApiDocument());
  expect(committed, 'docs/http-api.md is out of date: run npm run docs:api').toBe(generated);
  expect(generated).toContain('### `POST /api/analytics/events` (write key)');
  expect(generated).toContain('### `GET /api/errors/groups/{fingerprint}/impact` (read key, staff token, session)');
});
