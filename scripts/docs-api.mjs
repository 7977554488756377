// Writes docs/http-api.md from the server's OpenAPI document (`npm run docs:api`); a unit test fails when the
// committed file is not what this writes.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist', 'docs-api.mjs');
mkdirSync(join(root, 'dist'), { recursive: true });
await build({
  stdin: {
    contents: `export { openApiDocument } from './server/src/openapi/openapi-document.ts';
export { httpApiMarkdown } from './server/src/openapi/http-api-markdown.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: bundle,
  logLevel: 'warning',
});
const { openApiDocument, httpApiMarkdown } = await import(pathToFileURL(bundle).href);
writeFileSync(join(root, 'docs', 'http-api.md'), httpApiMarkdown(openApiDocument()));
console.log('wrote docs/http-api.md');
