/** Which functions of a file V8 compiles as it loads: all of them, or those the start profile names. */
export type Compile = 'all' | Set<string>;
/** Rewrites each file minified again; `module` for ES modules (chunks). Returns, per profiled file, the names found. */
export function squeeze(
  files: string[],
  options: { module: boolean; compile?: (file: string) => Compile | undefined },
): Promise<Record<string, { profiled: number; found: number }>>;
