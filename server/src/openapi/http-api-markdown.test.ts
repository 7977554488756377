import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { httpApiMarkdown } from './http-api-markdown.ts';
import { openApiDocument } from './openapi-document.ts';

it('lists every operation under its tag with its credentials', () => {
  const markdown = httpApiMarkdown(openApiDocument());
  expect(markdown).toContain('### `POST /api/analytics/events` (write key)');
  expect(markdown).toContain('### `GET /api/errors/groups/{fingerprint}/impact` (read key, staff token, session)');
  const operations = Object.values(openApiDocument().paths).flatMap((item) => Object.keys(item));
  expect(markdown.match(/^### `/gm)).toHaveLength(operations.length);
});

it('docs/http-api.md is what `npm run docs:api` writes from the OpenAPI document', () => {
  // Exits 1 (and so throws) when the committed file differs from what the script would write.
  const output = execFileSync('node', ['scripts/docs-api.mjs', '--check'], { encoding: 'utf8' });
  expect(output).toContain('up to date');
});
