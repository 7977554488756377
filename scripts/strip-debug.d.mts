import type { Plugin } from 'esbuild';

/** One debug call found in a source file: where it is, and the fixed text it prints. */
export interface DebugCall {
  start: number;
  end: number;
  messages: string[];
}

/** The debug calls of a source file (`log.warn(…)`, `warn(…)`, … but not `console.warn`), outermost first. */
export function debugCalls(source: string, fileName?: string): DebugCall[];
/** The source with every debug call replaced by `(void 0)`. */
export function stripDebugCalls(source: string, fileName: string): string;
/** The esbuild plugin: strips debug calls from the TypeScript sources under `root`. */
export function stripDebugPlugin(root: string): Plugin;
