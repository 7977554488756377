import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A minified bundle and its map, as a bundler writes them. */
export interface BuiltBundle {
  code: string;
  map: string;
}

/**
 * Builds a minified bundle of `modules` CRM-like modules with esbuild in `dir` and returns it with its external map,
 * for tests that need maps of a real chunk's size: 40 modules give a map of about 1.8 MB (source contents and a
 * mappings string of some 800 KB), like a CRM release's larger chunks.
 */
export async function buildBundle(dir: string, modules: number): Promise<BuiltBundle> {
  mkdirSync(dir, { recursive: true });
  const entries: string[] = [];
  for (let module = 0; module < modules; module++) {
    writeFileSync(join(dir, `deals-${module}.js`), moduleSource(module));
    entries.push(`export * from './deals-${module}.js';`);
  }
  writeFileSync(join(dir, 'entry.js'), entries.join('\n'));
  const outfile = join(dir, 'bundle.js');
  await build({
    entryPoints: [join(dir, 'entry.js')],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    sourcemap: 'external',
    logLevel: 'silent',
  });
  return { code: readFileSync(outfile, 'utf8'), map: readFileSync(`${outfile}.map`, 'utf8') };
}

function moduleSource(module: number): string {
  let source = '';
  for (let stage = 0; stage < 60; stage++) {
    const name = `${module}_${stage}`;
    source += `export function dealStage${name}(deal, options = {}) {
  const total = deal.lines.reduce((sum, line) => sum + line.amount * (options.rate ?? 1), 0);
  if (total > ${stage * 100}) return { id: deal.id, stage: 'won-${name}', total, owner: deal.owner?.name };
  return formatStage${name}(deal, total);
}
function formatStage${name}(deal, total) {
  return \`\${deal.name}: \${total.toFixed(2)} (${name})\`;
}
`;
  }
  return source;
}
