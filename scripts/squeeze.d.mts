/** Rewrites each file minified again; `module` for ES modules (chunks), not for classic scripts. */
export function squeeze(files: string[], options: { module: boolean }): Promise<void>;
