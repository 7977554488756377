// Bundles the projection bench with esbuild (dependencies external) and runs it: Node 20 cannot run TypeScript.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const outfile = `${benchDir}results/projection-bench.mjs`;
await build({
  entryPoints: [`${benchDir}projection-bench.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
await import(outfile);
