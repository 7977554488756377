/**
 * For a source file's `text`: a lookup from a position (line 1-based, column 0-based) to the path of the innermost
 * function around it (`createStore/add/safely()`), or undefined outside every function.
 */
export function functionPaths(path: string, text: string): (line: number, column: number) => string | undefined;
