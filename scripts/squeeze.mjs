// A second minification pass over what a page downloads. esbuild minifies each module well but neither inlines
// across modules nor runs repeated compression passes; terser on top takes about 6% off the core's brotli size.
// The bench gives the peers' bundles the same pass, so sizes compare like with like.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { minify } from 'terser';
import { eagerCompile } from './eager-compile.mjs';

/**
 * Rewrites each file minified again; `module` for ES modules (chunks), not for classic scripts. `compile(file)`, if
 * given, says which of a file's functions V8 should compile as the script loads rather than at their first call:
 * - `'all'`: every one, by V8's explicit compile hint (`//# allFunctionsCalledOnLoad`), compiled on a background
 *   thread while the script streams in. Right for code that mostly runs as soon as it loads (the chunks a feature
 *   loads when it is used);
 * - a set of source names (the start profile's, see eager-compile.mjs): exactly those, since every function
 *   compiled is heap. For the scripts every page loads at start, of which a third or more only runs later or never.
 * Returns, per file the profile covers, how many of its names were found in the code.
 */
export async function squeeze(files, { module, compile }) {
  const found = {};
  for (const file of files) {
    // A map esbuild wrote beside the file is carried through, so it still points at the original sources. No
    // sourceMappingURL comment is added (it would cost the core bytes): the server names the map in a `SourceMap` header.
    const mapFile = `${file}.map`;
    const inputMap = existsSync(mapFile) ? readFileSync(mapFile, 'utf8') : undefined;
    const eager = compile?.(file);
    const minified = await minify(readFileSync(file, 'utf8'), {
      ecma: 2020,
      module,
      compress: { passes: 3 },
      format: { comments: false, preamble: eager === 'all' ? '//# allFunctionsCalledOnLoad' : undefined },
      ...(inputMap ? { sourceMap: { content: inputMap, includeSources: true } } : {}),
    });
    let code = minified.code;
    let map = typeof minified.map === 'string' ? JSON.parse(minified.map) : minified.map;
    if (eager instanceof Set && map) {
      const compiled = eagerCompile(code, map, eager, { module, file: basename(file) });
      ({ code, map } = compiled);
      found[basename(file)] = { profiled: eager.size, found: compiled.found.size };
    }
    writeFileSync(file, code);
    if (map) writeFileSync(mapFile, JSON.stringify(map));
  }
  return found;
}
