// Writes docs/http-api.md from the server's OpenAPI document, formatted as Biome formats Markdown
// (`npm run docs:api`). With --check it writes nothing and exits 1 when the committed file is not what it would write.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const target = join(root, 'docs', 'http-api.md');
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
// Through Biome, so `npm run lint` finds the file formatted (tables aligned) and this check compares like with like.
const markdown = execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', `--stdin-file-path=${target}`], {
  input: httpApiMarkdown(openApiDocument()),
  encoding: 'utf8',
});
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== markdown) {
    console.error('docs/http-api.md is out of date: run npm run docs:api');
    process.exit(1);
  }
  console.log('docs/http-api.md is up to date');
} else {
  writeFileSync(target, markdown);
  console.log('wrote docs/http-api.md');
}
