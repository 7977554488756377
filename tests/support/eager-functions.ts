import { parse } from 'acorn';
import { sourceNamer } from '../../scripts/start-functions.mjs';

type Node = { type?: string; start?: number; [key: string]: unknown };

/**
 * The source names of the functions V8 compiles as `code` loads: the function expressions in parentheses (the
 * form scripts/eager-compile.mjs gives the start profile's functions), named through the script's source map.
 */
export function eagerFunctionNames(code: string, map: object, { module }: { module: boolean }): Set<string> {
  const name = sourceNamer(code, map);
  const names = new Set<string>();
  const visit = (node: Node, parent?: Node) => {
    if (node.type === 'FunctionExpression' && parent?.type === 'ParenthesizedExpression')
      names.add(name(node.start ?? 0) ?? '?');
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const item of value as Node[]) if (item?.type) visit(item, node);
      if ((value as Node | null)?.type) visit(value as Node, node);
    }
  };
  const program = parse(code, {
    ecmaVersion: 'latest',
    sourceType: module ? 'module' : 'script',
    preserveParens: true,
  });
  visit(program as unknown as Node);
  return names;
}
