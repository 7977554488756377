/** Rewrites each file minified again; `module` for ES modules (chunks); `compileHint` asks V8 to compile it eagerly. */
export function squeeze(files: string[], options: { module: boolean; compileHint?: boolean }): Promise<void>;
