import { functionsIn, sourceNamer } from '../../scripts/start-functions.mjs';

/**
 * The functions V8 compiles as `code` loads: the function expressions and (not async) arrows in parentheses, the
 * form scripts/eager-compile.mjs gives the start profile's functions.
 */
export function eagerFunctions(code: string, { module }: { module: boolean }) {
  return functionsIn(code, { module, preserveParens: true }).filter(
    ({ node, parent }) =>
      (node.type === 'FunctionExpression' || (node.type === 'ArrowFunctionExpression' && !node.async)) &&
      parent?.type === 'ParenthesizedExpression',
  );
}

/** The source names of `eagerFunctions(code)`, through the script's source map. */
export function eagerFunctionNames(code: string, map: object, { module }: { module: boolean }): Set<string> {
  const name = sourceNamer(code, map);
  return new Set(eagerFunctions(code, { module }).map(({ node }) => name(node.start) ?? '?'));
}
