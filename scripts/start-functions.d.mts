/** One function of a built script: its node, where V8's coverage says it starts, and what surrounds it. */
export interface BuiltFunction {
  node: { type: string; start: number; end: number; async?: boolean };
  parent: { type: string; start: number } | undefined;
  ancestors: { type: string }[];
  start: number;
}
/** Every function in `code` (a minified build), outermost first. */
export function functionsIn(code: string, options: { module: boolean; preserveParens?: boolean }): BuiltFunction[];
/** Names offsets of `code` by the source file and the function they fall in there (`file.ts:outer/inner`). */
export function sourceNamer(code: string, map: object): (offset: number) => string | undefined;
