// A second minification pass over what a page downloads. esbuild minifies each module well but neither inlines
// across modules nor runs repeated compression passes; terser on top takes about 6% off the core's brotli size.
// The bench gives the peers' bundles the same pass, so sizes compare like with like.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';

/**
 * Rewrites each file minified again; `module` for ES modules (chunks), not for classic scripts. `compileHint` starts
 * the file with V8's explicit compile hint (`//# allFunctionsCalledOnLoad`): Chromium then compiles its functions
 * eagerly, on a background thread while the script streams in, instead of lazily on the main thread at each first
 * call. Right for code that mostly runs as soon as it loads, as the widget's core and most chunks do; the chunks
 * whose code mostly runs later go without it (`LAZY_COMPILED_CHUNKS` in build.mjs): every function compiled is heap.
 */
export async function squeeze(files, { module, compileHint = false }) {
  for (const file of files) {
    // A map esbuild wrote beside the file is carried through, so it still points at the original sources. No
    // sourceMappingURL comment is added (it would cost the core bytes): the server names the map in a `SourceMap` header.
    const mapFile = `${file}.map`;
    const inputMap = existsSync(mapFile) ? readFileSync(mapFile, 'utf8') : undefined;
    const { code, map } = await minify(readFileSync(file, 'utf8'), {
      ecma: 2020,
      module,
      compress: { passes: 3 },
      format: { comments: false, preamble: compileHint ? '//# allFunctionsCalledOnLoad' : undefined },
      ...(inputMap ? { sourceMap: { content: inputMap, includeSources: true } } : {}),
    });
    writeFileSync(file, code);
    if (inputMap) writeFileSync(mapFile, typeof map === 'string' ? map : JSON.stringify(map));
  }
}
