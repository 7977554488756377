import type { Plugin } from 'esbuild';

/** The esbuild plugin swapping web-vitals' metric-id module for `replacement`. */
export function webVitalsIdPlugin(replacement: string): Plugin;
