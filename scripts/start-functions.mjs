// The functions of a built script and the names the start profile knows them by. The build (to compile the
// profiled ones eagerly) and the bench's profiler (to record which ones ran at start) read a script the same way,
// so a function's name is the same on both sides: the function its start maps to in the original sources.
import { parse } from 'acorn';
import { TraceMap, decodedMappings } from '@jridgewell/trace-mapping';
import { functionPaths } from './function-paths.mjs';

/**
 * Every function in `code` (a minified build), outermost first, with its `start`: the offset V8's coverage gives for
 * it (the key, for a method or accessor; the first character of anything else). `ancestors` runs
 * from the program to the node. With `preserveParens`, parentheses are nodes of their own (`ParenthesizedExpression`).
 */
export function functionsIn(code, { module, preserveParens = false }) {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: module ? 'module' : 'script', preserveParens });
  const found = [];
  const visit = (node, ancestors) => {
    const parent = ancestors.at(-1);
    if (node.type.includes('Function')) {
      const method =
        parent?.value === node &&
        (parent.type === 'MethodDefinition' || parent.method || parent.kind === 'get' || parent.kind === 'set');
      found.push({ node, parent, ancestors, start: method ? parent.start : node.start });
    }
    const inside = [...ancestors, node];
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const item of value) if (item?.type) visit(item, inside);
      if (value?.type) visit(value, inside);
    }
  };
  visit(program, []);
  return found;
}

/**
 * Names offsets of `code` by the function they fall in within the original sources: the source file and the
 * function's path there (`widget/src/session.ts:createSession/rotate`, see `functionPaths`), so a name survives edits
 * that move the function. An offset is read at its source-map segment, or the next one on its line when it starts
 * none (an arrow's `(`, which maps nowhere, is followed by its first parameter or body).
 */
export function sourceNamer(code, map) {
  const trace = new TraceMap(map);
  const segments = decodedMappings(trace);
  const lineStarts = [0];
  for (let index = code.indexOf('\n'); index >= 0; index = code.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const lookups = new Map();
  const lookup = (sourceIndex) => {
    if (!lookups.has(sourceIndex)) {
      const text = trace.sourcesContent?.[sourceIndex];
      lookups.set(sourceIndex, text == null ? () => undefined : functionPaths(trace.sources[sourceIndex], text));
    }
    return lookups.get(sourceIndex);
  };
  return (offset) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line] > offset) line--;
    const column = offset - lineStarts[line];
    const segment = segments[line]?.find((candidate) => candidate[0] >= column && candidate.length >= 4);
    if (!segment) return undefined;
    const [, sourceIndex, sourceLine, sourceColumn] = segment;
    const path = lookup(sourceIndex)(sourceLine + 1, sourceColumn);
    return path && `${trace.sources[sourceIndex].replace(/^(?:\.\.\/)+/, '')}:${path}`;
  };
}
