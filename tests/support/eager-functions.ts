import { functionsIn, sourceNamer } from '../../scripts/start-functions.mjs';

/**
 * The source names of the functions V8 compiles as `code` loads: the function expressions in parentheses (the
 * form scripts/eager-compile.mjs gives the start profile's functions), named through the script's source map. Each
 * is named at its opening parenthesis: that keeps the mapping of the arrow's or function's start it was made from,
 * where `function` itself is new text.
 */
export function eagerFunctionNames(code: string, map: object, { module }: { module: boolean }): Set<string> {
  const name = sourceNamer(code, map);
  const eager = functionsIn(code, { module, preserveParens: true }).filter(
    ({ node, parent }) => node.type === 'FunctionExpression' && parent?.type === 'ParenthesizedExpression',
  );
  return new Set(eager.map(({ node, parent }) => name(parent?.start ?? node.start) ?? '?'));
}
