// The functions of a built script and the names the start profile knows them by. The build (to compile the
// profiled ones eagerly) and the bench's profiler (to record which ones ran at start) read a script the same way,
// so a function's name is the same on both sides: where its start maps to in the original sources.
import { parse } from 'acorn';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

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

/** Names offsets of `code` by the original source position its map gives them: `widget/src/session.ts:26:5`. */
export function sourceNamer(code, map) {
  const trace = new TraceMap(map);
  const lineStarts = [0];
  for (let index = code.indexOf('\n'); index >= 0; index = code.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  return (offset) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line] > offset) line--;
    const position = originalPositionFor(trace, { line: line + 1, column: offset - lineStarts[line] });
    if (!position.source) return undefined;
    return `${position.source.replace(/^(?:\.\.\/)+/, '')}:${position.line}:${position.column}`;
  };
}
