import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const SOURCE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(SOURCE, '../..');

/** A folder under widget/src (`capture/`), or a file at its top (`client.ts`): the units whose imports must not loop. */
function unitOf(path: string): string {
  const inside = relative(SOURCE, join(ROOT, path));
  const slash = inside.indexOf('/');
  return slash < 0 ? inside : inside.slice(0, slash + 1);
}

/** Every unit-to-unit import the bundles really make, from esbuild's metafile (type-only imports are erased). */
async function unitImports(): Promise<Map<string, Set<string>>> {
  const chunks = readdirSync(join(SOURCE, 'chunks')).filter((file) => /^[a-z-]+\.ts$/.test(file));
  const entries = ['script-tag.ts', 'index.ts', 'bindings/react.ts', 'bindings/preact.ts', 'openfeature/index.ts'];
  const result = await build({
    entryPoints: [...entries, ...chunks.map((file) => `chunks/${file}`)].map((file) => join(SOURCE, file)),
    bundle: true,
    write: false,
    metafile: true,
    outdir: '/nonexistent',
    format: 'esm',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
  });
  const edges = new Map<string, Set<string>>();
  for (const [path, input] of Object.entries(result.metafile.inputs)) {
    if (!path.startsWith('widget/src/')) continue;
    for (const { path: target } of input.imports) {
      if (!target.startsWith('widget/src/') || unitOf(target) === unitOf(path)) continue;
      const from = edges.get(unitOf(path)) ?? new Set<string>();
      edges.set(unitOf(path), from.add(unitOf(target)));
    }
  }
  return edges;
}

/** Each import cycle as the path that closes it (`a → b → a`), found by depth-first search. */
function importCycles(edges: Map<string, Set<string>>): string[] {
  const cycles = new Set<string>();
  const done = new Set<string>();
  const visit = (unit: string, path: string[]) => {
    const at = path.indexOf(unit);
    if (at >= 0) return void cycles.add([...path.slice(at), unit].join(' → '));
    if (done.has(unit)) return;
    for (const next of edges.get(unit) ?? []) visit(next, [...path, unit]);
    done.add(unit);
  };
  for (const unit of edges.keys()) visit(unit, []);
  return [...cycles];
}

describe('the widget’s folders', () => {
  it('import each other in one direction only: no cycle between folders (or top-level files)', async () => {
    const edges = await unitImports();
    // The pipeline's direction, as docs/architecture.md draws it.
    expect(edges.get('collectors/')).toContain('capture/');
    expect(edges.get('client.ts')).toContain('pipeline/');
    expect(importCycles(edges)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const edges = new Map([
      ['capture/', new Set(['collectors/'])],
      ['collectors/', new Set(['capture/', 'load-chunk.ts'])],
    ]);
    expect(importCycles(edges)).toEqual(['capture/ → collectors/ → capture/']);
  });
});
