/** One function of a built script: its node, where V8's coverage says it starts, and what surrounds it. */
export interface BuiltFunction {
  node: { type: string; start: number; end: number };
  parent: { type: string } | undefined;
  ancestors: { type: string }[];
  start: number;
}
/** Every function in `code` (a minified build), outermost first. */
export function functionsIn(code: string, options: { module: boolean; preserveParens?: boolean }): BuiltFunction[];
/** Names offsets of `code` by the original source position its source map gives them. */
export function sourceNamer(code: string, map: object): (offset: number) => string | undefined;
